package io.catstream.serve;

import io.catstream.web.Health;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Kubernetes' two questions about a scorer. Liveness: is the process still able to work, or would a restart help
 * (only when Kafka Streams gave up: ERROR, or stopped without being asked)? Readiness: does it score now: no store
 * restoring, then the {@code /health} conditions (streams RUNNING, a model active)?
 */
final class ScorerProbes {

    /** States a restart may cure; a shutdown in progress is not one (Kubernetes stops probing a terminating pod). */
    private static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);

    private final Supplier<KafkaStreams.State> state;
    private final StoreRestoration restoration;
    private final Supplier<Health> health;

    ScorerProbes(Supplier<KafkaStreams.State> state, StoreRestoration restoration, Supplier<Health> health) {
        this.state = state;
        this.restoration = restoration;
        this.health = health;
    }

    Health live() {
        KafkaStreams.State now = state.get();
        if (DEAD.contains(now)) {
            return new Health(false, "streams are " + now + ": every stream thread died; a restart may help");
        }
        return new Health(true, "streams are " + now);
    }

    Health ready() {
        String restoring = restoration.inProgress();
        if (restoring != null) {
            return new Health(false, restoring);
        }
        return health.get();
    }
}
