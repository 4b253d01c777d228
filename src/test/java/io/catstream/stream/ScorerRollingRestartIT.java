package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.testsupport.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two {@code catstream serve} processes (instance ids scorer-0 and scorer-1, as a StatefulSet names its pods) share
 * the work while images flow. A rolling restart (SIGTERM, start again, wait until ready; then the other) must lose
 * and duplicate nothing; a failover (one instance stopped for good, as a scale-down) must hand its partitions to the
 * other, with and without a standby replica. Each prints what it measured: stop times, the longest time without any
 * outcome, the produce-to-visible latency (p99) during the change, and the records the survivor restored.
 */
class ScorerRollingRestartIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final Duration HEALTHY_DEADLINE = Duration.ofSeconds(240);
    private static final double RATE = 30;
    private static final Pattern RESTORED = Pattern.compile("restored store accuracy-by-version from \\S+: (\\d+) records");

    /** The two instances of one test: their arguments and processes. */
    private static final class Pair {
        final String name;
        final Path work;
        final List<List<String>> args = new ArrayList<>();
        final ScorerProcess[] scorers = new ScorerProcess[2];
        final int[] lives = new int[2];

        Pair(String name, int standbys) throws IOException {
            this.name = name;
            this.work = Files.createDirectories(Path.of("target", "rolling-it", name));
            for (int i = 0; i < 2; i++) {
                args.add(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", name + ".",
                        "--model-name", StreamTestKit.MODEL, "--application-id", name + "-scorer", "--stream-threads", "1",
                        "--instance-id", "scorer-" + i, "--standby-replicas", Integer.toString(standbys),
                        "--state-dir", StreamTestKit.tempDir(name + "-state-" + i + "-").toString()));
            }
        }

        /** Starts both instances and waits until both are healthy. */
        void startBoth() {
            start(0);
            start(1);
            scorers[0].awaitHealthy(HEALTHY_DEADLINE);
            scorers[1].awaitHealthy(HEALTHY_DEADLINE);
        }

        ScorerProcess start(int i) {
            scorers[i] = ScorerProcess.start("256m", work.resolve("scorer-" + i + "-" + lives[i]++ + ".log"), args.get(i));
            return scorers[i];
        }

        void close() {
            for (ScorerProcess s : scorers) {
                if (s != null && s.isAlive()) {
                    s.close();
                }
            }
        }

        /** Records restored into the accuracy store, over every log of instance {@code i}. */
        long restoredRecords(int i) throws IOException {
            long total = 0;
            for (int life = 0; life < lives[i]; life++) {
                Matcher m = RESTORED.matcher(Files.readString(work.resolve("scorer-" + i + "-" + life + ".log")));
                while (m.find()) {
                    total += Long.parseLong(m.group(1));
                }
            }
            return total;
        }
    }

    @Test
    void shouldLoseAndDuplicateNothingInARollingRestartOfTwoInstancesUnderLoad() throws Exception {
        String name = "roll";
        ScoringTopics topics = setUp(name);
        Pair pair = new Pair(name, 1);
        List<String> measured = new ArrayList<>();
        int images = 1500;
        try (OutcomeWatch watch = OutcomeWatch.start(KAFKA.settings(), topics)) {
            pair.startBoth();
            List<String> sent;
            long rollStart;
            long rollEnd;
            try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), name, RATE, images, ImageFlow::mixed)) {
                awaitScoring(watch);
                rollStart = System.nanoTime();
                for (int i = 0; i < 2; i++) {
                    long signal = System.nanoTime();
                    assertThat(pair.scorers[i].terminate(Duration.ofSeconds(60)))
                            .isEqualTo(ScorerProcess.EXIT_AFTER_SIGTERM);
                    long stopped = System.nanoTime();
                    ScorerProcess again = pair.start(i);
                    awaitReady(again);
                    measured.add(String.format("scorer-%d: stopped in %d ms, ready %d ms after its start", i,
                            (stopped - signal) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000));
                }
                rollEnd = System.nanoTime();
                sent = flow.finish(Duration.ofSeconds(180));
            }
            ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(180));
            System.out.printf("rolling-it: roll of 2 instances (1 standby replica each, %.0f images/s): %s; roll took %d ms; "
                            + "longest time a partition went without a label during the roll %d ms; produce-to-visible latency during the "
                            + "roll p50 %d ms, p99 %d ms, max %d ms; accuracy records restored: scorer-0 %d, scorer-1 %d; %s%n",
                    RATE, String.join("; ", measured), (rollEnd - rollStart) / 1_000_000, watch.longestGapMillis(rollStart, rollEnd),
                    watch.latencyQuantileMillis(0.5, rollStart, rollEnd), watch.latencyQuantileMillis(0.99, rollStart, rollEnd),
                    watch.latencyQuantileMillis(1.0, rollStart, rollEnd), pair.restoredRecords(0), pair.restoredRecords(1),
                    outcomes.summary(sent));

            assertThat(sent).hasSize(images);
            assertThat(outcomes.missing(sent)).as("lost (logs in %s)", pair.work).isEmpty();
            assertThat(outcomes.duplicates()).as("duplicated").isEmpty();
            assertThat(outcomes.unexpected(sent)).isEmpty();
        } finally {
            pair.close();
        }
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
        ScoringTopics topics = setUp(name);
        Pair pair = new Pair(name, standbys);
        int images = 900;
        try (OutcomeWatch watch = OutcomeWatch.start(KAFKA.settings(), topics)) {
            pair.startBoth();
            List<String> sent;
            long signal;
            long stopped;
            try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), name, RATE, images, ImageFlow::mixed)) {
                awaitScoring(watch);
                long restoredBefore = pair.restoredRecords(0);
                signal = System.nanoTime();
                assertThat(pair.scorers[1].terminate(Duration.ofSeconds(60)))
                        .isEqualTo(ScorerProcess.EXIT_AFTER_SIGTERM);
                stopped = System.nanoTime();
                sent = flow.finish(Duration.ofSeconds(180));
                ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(180));
                System.out.printf("rolling-it: failover, %d standby replica(s): scorer-1 stopped in %d ms; longest time a "
                                + "partition went without a label around the stop %d ms; produce-to-visible latency in the "
                                + "20 s after p99 %d ms; accuracy records scorer-0 restored in the takeover: %d; %s%n",
                        standbys, (stopped - signal) / 1_000_000, watch.longestGapMillis(signal - 5_000_000_000L, stopped + 20_000_000_000L),
                        watch.latencyQuantileMillis(0.99, stopped, stopped + 20_000_000_000L),
                        pair.restoredRecords(0) - restoredBefore, outcomes.summary(sent));

                assertThat(outcomes.missing(sent)).as("lost (logs in %s)", pair.work).isEmpty();
                assertThat(outcomes.duplicates()).as("duplicated").isEmpty();
                assertThat(pair.scorers[0].isAlive()).isTrue();
            }
        } finally {
            pair.close();
        }
    }

    private static ScoringTopics setUp(String name) {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), name + ".");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        return topics;
    }

    /** Mid-stream: until 150 outcomes came, so both instances have been scoring for a while. */
    private static void awaitScoring(OutcomeWatch watch) {
        await().atMost(Duration.ofSeconds(120)).until(() -> watch.count() >= 150);
    }

    private static void awaitReady(ScorerProcess scorer) {
        scorer.awaitHealthy(HEALTHY_DEADLINE);
        await().atMost(HEALTHY_DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> StreamTestKit.get(scorer.httpPort(), "/health/ready").statusCode() == 200);
    }

}
