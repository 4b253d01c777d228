package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.registry.GateDecision;
import io.catstream.registry.RegistryFixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What {@code catstream models decisions} prints for a decision's evidence. */
class ModelRoleCommandsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");

    @Test
    void shouldPrintTheGuardrailAndItsNumbersOfAnEarlyRejection() {
        String out = ModelRoleCommands.evidence(RegistryFixtures.guardrailRejection("cats", NOW));

        assertThat(out).contains("cats@decision-5: reject challenger 5 against champion 3")
                .contains("  guardrail latency: 3.5000 > limit 3.0000 on 200 shadow-scored images (0 failed; "
                        + "mean time champion 100.0 us, challenger 350.0 us)");
    }

    @Test
    void shouldPrintNoGuardrailLineForAVerdictOfTheTest() {
        String out = ModelRoleCommands.evidence(RegistryFixtures.gatePromotion("cats", NOW));

        assertThat(out).contains("counts: both right 700, champion only 40, challenger only 90").doesNotContain("guardrail");
    }

    @Test
    void shouldPrintAWatchEndedRecordAsTheEndOfAChampionsWatch() {
        String out = ModelRoleCommands.evidence(new GateDecision("cats", 3, 4, GateDecision.Outcome.WATCH_ENDED,
                "holds: accuracy 0.950 on 40 labelled images", null, NOW, true, "abc123"));

        assertThat(out).startsWith("cats@decision-4-watch-ended: watch-ended the rollback watch of champion 4 (activated over 3) "
                        + "ended at 2026-12-02T15:00:00Z, automatic, signed by key abc123")
                .contains("  reason: holds: accuracy 0.950 on 40 labelled images")
                .contains("  evidence: none (the reason carries the watch's numbers)");
    }
}
