package io.catstream.demo;

import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicNames;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.ModelRoles;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The champion/challenger story after v2 is trained, each step through the classes the commands use: v2 published as
 * the challenger ({@code publish --as challenger}) and decided by the scorer's gate; v3, a deliberately bad model,
 * published as the challenger and rejected; then v3 forced in by a person ({@code models challenge 3},
 * {@code models promote}) and rolled back by the rollback watch. Each step waits for the decision on the registry (the
 * scorer's view of {@code model-weights}); the console prints the decisions (DemoRun's status loop), this class the
 * steps. Runs on v2's training thread; stops when the run stops.
 */
final class DemoLifecycle {

    private static final Duration POLL = Duration.ofMillis(200);

    /** How far the story got. */
    enum Stage { V2_CHALLENGER, V2_DECIDED, V3_CHALLENGER, V3_DECIDED, V3_FORCED, ROLLED_BACK }

    private final KafkaSettings settings;
    private final DemoKeys keys;
    private final ModelRegistry registry;
    private final IntSupplier scoring;
    private final Output out;
    private final BooleanSupplier stopping;
    private final CountDownLatch complete = new CountDownLatch(1);
    private volatile Stage stage;

    /** Where the steps are told. */
    interface Output {
        void say(String format, Object... args);
    }

    /** @param scoring the version the scorer labels with now */
    DemoLifecycle(KafkaSettings settings, DemoKeys keys, ModelRegistry registry, IntSupplier scoring, Output out,
                  BooleanSupplier stopping) {
        this.settings = settings;
        this.keys = keys;
        this.registry = registry;
        this.scoring = scoring;
        this.out = out;
        this.stopping = stopping;
    }

    /** Publishes a model as the next version in {@code role}, signed with the trainer's key, as {@code publish} does. */
    static ModelPublisher.Published publish(KafkaSettings settings, DemoKeys keys, ModelArtifact artifact,
                                            ModelPublisher.Role role, String reason) {
        try (ModelPublisher publisher = publisher(settings, keys)) {
            return publisher.publish(ModelCodec.encode(artifact), role, reason);
        }
    }

    private static ModelPublisher publisher(KafkaSettings settings, DemoKeys keys) {
        return new ModelPublisher(settings, TopicNames.DEFAULT.modelWeights(), DemoConfig.MODEL_NAME, keys.trainer(),
                Clock.systemUTC(), Duration.ofSeconds(60));
    }

    Stage stage() {
        return stage;
    }

    /** Whether the whole story (promotion, rejection, forced promotion, rollback) has been told. */
    boolean complete() {
        return complete.getCount() == 0;
    }

    boolean awaitComplete(Duration timeout) throws InterruptedException {
        return complete.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The story from v2 on.
     *
     * @return false when the run stopped first or a decision went another way than the story's (said on the console)
     */
    boolean run(ModelArtifact v2, String v2Summary) throws InterruptedException {
        ModelPublisher.Published p2 = publish(settings, keys, v2, ModelPublisher.Role.CHALLENGER, "demo v2: " + v2Summary);
        stage = Stage.V2_CHALLENGER;
        int v1 = p2.challenger().championVersion();
        out.say("   v2 %s, published as %s@%d, the challenger of v%d (publish --as challenger): shadow-scored on every "
                        + "image beside v1's label; the scorer's gate decides once the truth gives enough evidence",
                v2Summary, DemoConfig.MODEL_NAME, p2.model().version(), v1);
        if (!decidedAsInTheStory(p2.model().version(), GateDecision.Outcome.PROMOTE, Stage.V2_DECIDED)) {
            return false;
        }

        ModelArtifact bad = DemoTraining.mirrored(v2);
        ModelPublisher.Published p3 = publish(settings, keys, bad, ModelPublisher.Role.CHALLENGER,
                "demo v3: deliberately bad, v2's output layer negated");
        stage = Stage.V3_CHALLENGER;
        int v3 = p3.model().version();
        out.say("8. model v3: deliberately bad (v2 with its output layer negated: p(cat) = 1 − p, \"cat\" wherever v2 says "
                + "\"not a cat\"), published as %s@%d, the challenger of v%d", DemoConfig.MODEL_NAME, v3, p2.model().version());
        if (!decidedAsInTheStory(v3, GateDecision.Outcome.REJECT, Stage.V3_DECIDED)) {
            return false;
        }

        out.say("9. a person overrides the gate: catstream models challenge %d, then models promote (a forced promotion of "
                + "the bad v3); the rollback watch follows it against v2's accuracy on the trial's images", v3);
        ModelRecordValidator validator = new ModelRecordValidator(keys.trainer().publicKey(), List.of(keys.controller().publicKey()));
        try (ModelPublisher publisher = publisher(settings, keys)) {
            ModelRoles roles = new ModelRoles(publisher, validator);
            roles.challenge(v3, "demo: a person challenges again with the rejected v3");
            roles.promote("demo: a person forces the bad v3 in over the gate's rejection", false);
        }
        stage = Stage.V3_FORCED;
        Optional<GateDecision> rollback = awaitDecision(v3, GateDecision.Outcome.ROLLBACK);
        if (rollback.isEmpty()) {
            return false;
        }
        stage = Stage.ROLLED_BACK;
        // complete once the scorer labels with the old champion again, not only when the decision is on the registry
        while (scoring.getAsInt() != rollback.get().championVersion()) {
            if (stopping.getAsBoolean()) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        out.say("   the story is complete: v2 promoted by the gate, v3 rejected by it, v3 forced in by a person and rolled "
                + "back automatically; the stream goes on with v%d", rollback.get().championVersion());
        complete.countDown();
        return true;
    }

    /**
     * Waits for the gate's decision on {@code challenger}: true when it is {@code expected} (the story goes on from
     * {@code reached}), false when the run stopped first or the gate decided otherwise (said on the console).
     */
    private boolean decidedAsInTheStory(int challenger, GateDecision.Outcome expected, Stage reached) throws InterruptedException {
        Optional<GateDecision> decision = awaitDecision(challenger, GateDecision.Outcome.PROMOTE, GateDecision.Outcome.REJECT);
        if (decision.isEmpty()) {
            return false;
        }
        stage = reached;
        if (decision.get().outcome() != expected) {
            out.say("   the gate decided %s on v%d, not %s: %s (the story stops here)", decision.get().outcome().code(),
                    challenger, expected.code(), decision.get().reason());
            return false;
        }
        return true;
    }

    /** The first decision about {@code challenger} with one of {@code outcomes}, or empty when the run stops first. */
    private Optional<GateDecision> awaitDecision(int challenger, GateDecision.Outcome... outcomes) throws InterruptedException {
        List<GateDecision.Outcome> wanted = List.of(outcomes);
        while (!stopping.getAsBoolean()) {
            Optional<GateDecision> found = registry.decisions(DemoConfig.MODEL_NAME).stream()
                    .filter(d -> d.challengerVersion() == challenger && wanted.contains(d.outcome())).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.empty();
    }
}
