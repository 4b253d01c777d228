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

    private Activation promoted(int version, int over, int seconds) {
        return new Activation("cats", version, T0.plusSeconds(seconds), over, "promote", null, false,
                "cats@decision-" + version, true);
    }

    @Test
    void shouldSayAWatchMayRunOnlyForAChampionActivatedOverAnotherUntilItsWatchEnded() {
        assertThat(registry.watchMayRun("cats", 1)).as("the first champion is never watched").isFalse();
        registry.accept(promoted(2, 1, 10));
        assertThat(registry.watchMayRun("cats", 2)).isTrue();
        assertThat(registry.watchMayRun("cats", 1)).as("no longer the champion").isFalse();
        assertThat(registry.watchMayRun("cats", 3)).isFalse();
        assertThat(registry.watchMayRun("dogs", 2)).isFalse();

        registry.accept(decision(GateDecision.Outcome.WATCH_ENDED, 1, 2, 20, true));
        assertThat(registry.watchMayRun("cats", 2)).isFalse();
        assertThat(registry.decisions("cats")).extracting(d -> d.key().toString()).containsExactly("cats@decision-2-watch-ended");
    }

    @Test
    void shouldSayAWatchMayRunAgainWhenTheSameVersionIsActivatedAgainAfterItsRecord() {
        registry.accept(promoted(2, 1, 10));
        registry.accept(decision(GateDecision.Outcome.WATCH_ENDED, 1, 2, 20, true)); // the watch of the first activation
        registry.accept(promoted(3, 2, 30));
        registry.accept(decision(GateDecision.Outcome.ROLLBACK, 2, 3, 40, true));
        assertThat(registry.watchMayRun("cats", 3)).as("a rollback ends the watch too").isFalse();
        registry.accept(new Activation("cats", 2, T0.plusSeconds(40), 3, "rollback", null, false, "cats@decision-3-rollback", true));
        // v2 champion again, over v3: its record of second 20 is older than this activation, so it may be watched
        assertThat(registry.watchMayRun("cats", 2)).isTrue();
        registry.accept(decision(GateDecision.Outcome.WATCH_ENDED, 3, 2, 40, true));
        assertThat(registry.watchMayRun("cats", 2)).as("a record at the activation's own instant ends it").isFalse();
    }

    @Test
    void shouldNotSayAWatchMayRunForAVersionActivatedOverItself() {
        registry.accept(new Activation("cats", 1, T0.plusSeconds(5), 1, "pin", null, true, null, false));
        assertThat(registry.watchMayRun("cats", 1)).isFalse();
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
