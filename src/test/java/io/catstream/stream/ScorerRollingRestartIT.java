package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.EmbeddedBroker;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two {@code catstream serve} processes (instance ids scorer-0 and scorer-1, as a StatefulSet names its pods) share
 * the work while images flow. A rolling restart (SIGTERM, start again, wait until ready; then the other) must lose
 * and duplicate nothing; a failover (one instance stopped for good, as a scale-down) must hand its partitions to the
 * other, with and without a standby replica. Each prints what it measured: stop times, the longest time without any
 * outcome, the produce-to-visible latency (p99) during the change, and the records the survivor restored. The
 * scenarios are {@link ScorerRecovery}'s (bench/recovery.sh runs them too, with full stores).
 */
class ScorerRollingRestartIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final double RATE = 30;

    private static ScorerRecovery recovery() {
        return new ScorerRecovery(KAFKA.settings(), KAFKA.bootstrapServers(), Path.of("target", "rolling-it"), RATE);
    }

    @Test
    void shouldLoseAndDuplicateNothingInARollingRestartOfTwoInstancesUnderLoad() throws Exception {
        int images = 1500;
        ScorerRecovery.Roll roll = recovery().rollingRestart("roll", 1, images);
        System.out.printf("rolling-it: roll of 2 instances (1 standby replica each, %.0f images/s): %s%n", RATE, roll);

        assertThat(roll.sent()).hasSize(images);
        assertThat(roll.outcomes().missing(roll.sent())).as("lost (logs in %s)", roll.work()).isEmpty();
        assertThat(roll.outcomes().duplicates()).as("duplicated").isEmpty();
        assertThat(roll.outcomes().unexpected(roll.sent())).isEmpty();
    }

    @Test
    void shouldHandOverTheStoppedInstancesPartitionsWithoutAStandbyReplica() throws Exception {
        failover("failover0", 0);
    }

    @Test
    void shouldHandOverTheStoppedInstancesPartitionsToItsStandbyReplica() throws Exception {
        failover("failover1", 1);
    }

    /** Both instances score; scorer-1 stops for good (SIGTERM: it leaves the group); scorer-0 must take over. */
    private static void failover(String name, int standbys) throws Exception {
        ScorerRecovery.Failover f = recovery().failover(name, standbys, 0, 900);
        System.out.printf("rolling-it: %s%n", f);

        assertThat(f.outcomes().missing(f.sent())).as("lost (logs in %s)", f.work()).isEmpty();
        assertThat(f.outcomes().duplicates()).as("duplicated").isEmpty();
        assertThat(f.survivorAlive()).isTrue();
    }
}
