package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.ModelCodec;
import io.catstream.model.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Champion, challenger, decisions and the pin in {@link ModelRegistry}. */
class ModelRegistryRolesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T15:00:00Z");

    private final ModelRegistry registry = new ModelRegistry();
    private final List<String> events = new ArrayList<>();

    ModelRegistryRolesTest() {
        registry.addListener(new ModelRegistry.Listener() {
            @Override
            public void refused(Refusal refusal) {
                events.add("refused " + refusal.reason().code());
            }

            @Override
            public void challengerChanged(String name, Challenger challenger) {
                events.add("challenger " + challenger.version());
            }

            @Override
            public void decided(GateDecision decision) {
                events.add("decided " + decision.key());
            }
        });
        for (int v = 1; v <= 3; v++) {
            byte[] bytes = RegistryFixtures.smallModel("cats", v);
            registry.accept(new PublishedModel("cats", v, ModelCodec.decode(bytes), T0, Sha256.hex(bytes), bytes.length, null, v));
        }
        registry.accept(new Activation("cats", 1, T0, null, "publish", null));
    }

    private static Challenger challenger(Integer version, int seconds) {
        return new Challenger("cats", version, T0.plusSeconds(seconds), "test", 1, false, null);
    }

    private static GateDecision decision(GateDecision.Outcome outcome, int champion, int challenger, int seconds, boolean automatic) {
        return new GateDecision("cats", champion, challenger, outcome, "test", null, T0.plusSeconds(seconds), automatic, null);
    }

    @Test
    void shouldTrackTheChallengerUntilItIsPromotedAndKeepTheDecision() {
        registry.accept(challenger(2, 1));
        assertThat(registry.challenger("cats")).map(Challenger::version).contains(2);

        registry.accept(decision(GateDecision.Outcome.PROMOTE, 1, 2, 2, true));
        registry.accept(new Activation("cats", 2, T0.plusSeconds(2), 1, "promote", null, false, "cats@decision-2", true));
        // even before the "none" pointer arrives, the champion is not its own challenger
        assertThat(registry.challenger("cats")).isEmpty();
        registry.accept(challenger(null, 2));

        assertThat(registry.active("cats")).map(PublishedModel::version).contains(2);
        assertThat(registry.activation("cats").orElseThrow().previousVersion()).isEqualTo(1);
        assertThat(registry.challenger("cats")).isEmpty();
        assertThat(registry.decisions("cats")).extracting(GateDecision::outcome).containsExactly(GateDecision.Outcome.PROMOTE);
        assertThat(events).containsExactly("challenger 2", "decided cats@decision-2", "challenger null");
    }

    @Test
    void shouldKeepEveryDecisionAsHistoryOldestFirst() {
        registry.accept(decision(GateDecision.Outcome.REJECT, 1, 3, 5, true));
        registry.accept(decision(GateDecision.Outcome.PROMOTE, 1, 2, 10, false));
        registry.accept(decision(GateDecision.Outcome.ROLLBACK, 1, 2, 20, false));

        assertThat(registry.decisions("cats")).extracting(d -> d.key().toString())
                .containsExactly("cats@decision-3", "cats@decision-2", "cats@decision-2-rollback");
        assertThat(registry.latestDecision("cats", 2)).map(GateDecision::outcome).contains(GateDecision.Outcome.ROLLBACK);
        assertThat(registry.latestDecision("cats", 3)).map(GateDecision::outcome).contains(GateDecision.Outcome.REJECT);
    }

    @Test
    void shouldRefuseChallengersOfUnknownVersionsAndReplayedPointers() {
        registry.accept(challenger(3, 10));
        registry.accept(challenger(7, 11));
        registry.accept(challenger(2, 5)); // older than the pointer in force
        registry.accept(decision(GateDecision.Outcome.PROMOTE, 1, 9, 12, true));

        assertThat(registry.challenger("cats")).map(Challenger::version).contains(3);
        assertThat(registry.decisions("cats")).isEmpty();
        assertThat(events).containsExactly("challenger 3", "refused unknown-version", "refused stale-challenger", "refused unknown-version");
    }

    @Test
    void shouldRefuseAnAutomaticActivationWhileAPersonHasPinnedTheChampion() {
        registry.accept(new Activation("cats", 2, T0.plusSeconds(1), 1, "manual activation", null).withPinned(true));
        assertThat(registry.isPinned("cats")).isTrue();

        registry.accept(new Activation("cats", 3, T0.plusSeconds(2), 2, "promote", null, false, "cats@decision-3", true));
        assertThat(registry.active("cats")).map(PublishedModel::version).contains(2);
        assertThat(events).containsExactly("refused pinned");

        // a person may still change it; without --pin that lifts the pin
        registry.accept(new Activation("cats", 3, T0.plusSeconds(3), 2, "manual activation", null));
        assertThat(registry.active("cats")).map(PublishedModel::version).contains(3);
        assertThat(registry.isPinned("cats")).isFalse();
        registry.accept(new Activation("cats", 1, T0.plusSeconds(4), 3, "rollback", null, false, "cats@decision-3-rollback", true));
        assertThat(registry.active("cats")).map(PublishedModel::version).contains(1);
    }
}
