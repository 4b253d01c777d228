package io.catstream.stream;

import static org.awaitility.Awaitility.await;

import io.catstream.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recovery scenarios of issue #18, each against real {@code catstream serve} JVMs on a real broker while images
 * flow, measured and audited for exactly-once: a restart after SIGKILL or SIGTERM, a rolling restart of two instances,
 * a failover to the other instance. {@code ScorerRestartIT} and {@code ScorerRollingRestartIT} assert on what these
 * return; {@code bench/recovery.sh} ({@code RecoveryBenchmark}) prints it as a table.
 */
public final class ScorerRecovery {

    /** Generous: a first start on the loaded 2-core machine took over a minute. */
    public static final Duration HEALTHY_DEADLINE = Duration.ofSeconds(240);
    /** Any store's restore line of {@link io.catstream.serve.StoreRestoration}, except the global model store. */
    private static final Pattern RESTORED = Pattern.compile("restored store (?!model-registry)(\\S+) from \\S+: (\\d+) records");
    private static final Pattern STARTUP = Pattern.compile("start-up: (.*) \\(ms since the JVM started\\)");
    private static final Pattern STOPPED = Pattern.compile("stopped in (\\d+) ms");
    private static final Pattern ARCHIVED = Pattern.compile("wrote the AppCDS archive \\S+ \\(\\d+ MB\\) in (\\d+) ms");

    /**
     * The system property naming the launcher to start every scorer through (bin/catstream: the shaded jar and, for
     * serve, its AppCDS archive, as an operator and the Docker image start it); unset: {@code java -cp} of this JVM's
     * class path. Failsafe and bench/recovery.sh set it, after the jar was packaged.
     */
    public static final String LAUNCHER_PROPERTY = "catstream.scorer.launcher";

    private final KafkaSettings settings;
    private final String bootstrap;
    private final Path workRoot;
    private final double rate;
    private final Path launcher;

    /** Scenarios on the broker at {@code settings}, logs under {@code workRoot}, images at {@code rate}/s. */
    public ScorerRecovery(KafkaSettings settings, String bootstrap, Path workRoot, double rate) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.workRoot = workRoot;
        this.rate = rate;
        String launcherProperty = System.getProperty(LAUNCHER_PROPERTY);
        this.launcher = launcherProperty == null || launcherProperty.isBlank() ? null : Path.of(launcherProperty);
    }

    /** How the scorers start: "bin/catstream (jar, AppCDS)" or "java -cp". */
    public String launch() {
        return launcher == null ? "java -cp (classes)" : launcher + " (jar, AppCDS)";
    }

    /**
     * A scorer through the launcher, its AppCDS archive in {@code <work>/cds} (kept across its restarts), or with
     * {@code java -cp}.
     */
    private ScorerProcess start(Path work, Path log, List<String> args, Map<String, String> env) throws IOException {
        if (launcher == null) {
            return ScorerProcess.start("256m", log, args, env);
        }
        Map<String, String> withCds = new java.util.HashMap<>(env);
        withCds.put("CATSTREAM_CDS_DIR", Files.createDirectories(work.resolve("cds")).toString());
        return ScorerProcess.startWithLauncher(launcher, "256m", log, args, withCds);
    }

    /**
     * With the launcher, until the first start wrote its AppCDS archive (before its streams started): the restart of a
     * scorer that has been running a while, as in production, not of one killed within its first seconds.
     */
    private void awaitArchive(Path work) {
        if (launcher != null) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                try (var files = Files.list(work.resolve("cds"))) {
                    return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
                }
            });
        }
    }

    /**
     * What one restart measured, in ms from the new process's start (resume, healthy) or the signal (stop); the first
     * start's time to healthy without its AppCDS dump (a load gauge for the ITs).
     */
    public record Restart(String how, long firstStartMillis, long stopMillis, long healthyMillis, long resumeMillis,
                          long lastOutcomeAfterLastSentMillis, String startup, List<String> sent, int firstAfterStop,
                          ExactlyOnceAudit.Outcomes outcomes, String logs) {

        public String audit() {
            return outcomes.summary(sent);
        }

        @Override
        public String toString() {
            return String.format("%s: first start healthy after %d ms; stopped in %d ms; restarted: healthy after %d ms, "
                            + "first new outcome after %d ms; last outcome %d ms after the last image was sent; %s; "
                            + "restarted scorer's start-up (ms since its JVM started): %s",
                    how, firstStartMillis, stopMillis, healthyMillis, resumeMillis, lastOutcomeAfterLastSentMillis, audit(),
                    startup);
        }
    }

    /**
     * One scorer, serve's defaults plus {@code extraArgs} (2 stream threads, state directory from
     * {@code CATSTREAM_STATE_DIR}): scoring for a while ({@code whileScoring} is called then), stopped by SIGKILL
     * ({@code kill}) or SIGTERM, started again with the same arguments; images flow until the new process has scored
     * some sent after the stop and 150 more were sent.
     */
    public Restart restartMidStream(String name, boolean kill, List<String> extraArgs, Consumer<ScorerProcess> whileScoring)
            throws IOException, InterruptedException {
        ScoringTopics topics = StreamTestKit.createTopics(settings, name + ".");
        StreamTestKit.publish(settings, topics, StreamTestKit.tinyModel(1));
        Path work = Files.createDirectories(workRoot.resolve(name));
        Map<String, String> env = Map.of("CATSTREAM_STATE_DIR", StreamTestKit.tempDir("restart-state-").toString());
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--topic-prefix", name + ".",
                "--model-name", StreamTestKit.MODEL, "--application-id", name + "-scorer", "--stream-threads", "2"));
        args.addAll(extraArgs);
        Path firstLog = work.resolve("scorer-0.log");
        Path secondLog = work.resolve("scorer-1.log");
        Files.deleteIfExists(firstLog); // the process appends
        Files.deleteIfExists(secondLog);
        long firstStart = System.nanoTime();
        ScorerProcess scorer = start(work, firstLog, args, env).awaitHealthy(HEALTHY_DEADLINE);
        // the first start's own dump of the AppCDS archive is not part of how loaded the machine is
        long firstStartMillis = millisSince(firstStart) - archiveDumpMillis(Files.readString(firstLog));
        try (OutcomeWatch watch = OutcomeWatch.start(settings, topics);
             ImageFlow flow = ImageFlow.start(settings, topics.images(), name, rate, 0, ImageFlow::mixed)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> watch.count() >= 100); // mid-stream, scoring for a while
            whileScoring.accept(scorer);
            awaitArchive(work);
            long signal = System.nanoTime();
            if (kill) {
                scorer.kill();
            } else {
                int status = scorer.terminate(Duration.ofSeconds(60));
                if (status != ScorerProcess.EXIT_AFTER_SIGTERM) {
                    throw new AssertionError("exit status after SIGTERM: " + status + "; log " + firstLog);
                }
            }
            long stopMillis = millisSince(signal);
            int firstAfterStop = flow.sentCount(); // images from here on were sent while no scorer ran
            long restarted = System.nanoTime();
            scorer = start(work, secondLog, args, env).awaitHealthy(HEALTHY_DEADLINE);
            long healthyMillis = millisSince(restarted);
            // Kafka's 45 s session, waited out by a dynamic member, plus a loaded machine's start
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> watch.firstAfter(restarted, id -> index(id) >= firstAfterStop).isPresent());
            long resumed = watch.firstAfter(restarted, id -> index(id) >= firstAfterStop).orElseThrow();
            int sentAtResume = flow.sentCount();
            await().atMost(Duration.ofSeconds(60)).until(() -> flow.sentCount() >= sentAtResume + 150);
            flow.close();
            long lastSent = System.nanoTime();
            List<String> sent = flow.sent();
            ExactlyOnceAudit.Outcomes outcomes;
            try {
                outcomes = ExactlyOnceAudit.read(settings, topics, sent, Duration.ofSeconds(120));
            } finally {
                scorer.close();
            }
            String logs = Files.readString(secondLog) + Files.readString(firstLog);
            return new Restart(name, firstStartMillis, stopMillis, healthyMillis, (resumed - restarted) / 1_000_000,
                    (watch.last().orElseThrow() - lastSent) / 1_000_000, startup(Files.readString(secondLog)), sent,
                    firstAfterStop, outcomes, logs);
        }
    }

    /** What a rolling restart of two instances measured. */
    public record Roll(List<String> steps, long rollMillis, long longestGapMillis, long p50Millis, long p99Millis,
                       long maxMillis, long restored0, long restored1, List<String> sent, ExactlyOnceAudit.Outcomes outcomes,
                       Path work) {
        @Override
        public String toString() {
            return String.format("%s; roll took %d ms; longest time a partition went without a label during the roll %d ms; "
                            + "produce-to-visible latency during the roll p50 %d ms, p99 %d ms, max %d ms; store records "
                            + "restored: scorer-0 %d, scorer-1 %d; %s", String.join("; ", steps), rollMillis,
                    longestGapMillis, p50Millis, p99Millis, maxMillis, restored0, restored1, outcomes.summary(sent));
        }
    }

    /**
     * Two instances ({@code standbys} standby replicas each) score {@code images} images; each in turn is stopped
     * (SIGTERM), started again and awaited until ready, then the other.
     */
    public Roll rollingRestart(String name, int standbys, int images) throws IOException, InterruptedException {
        ScoringTopics topics = setUp(name);
        Pair pair = new Pair(name, standbys);
        List<String> steps = new ArrayList<>();
        try (OutcomeWatch watch = OutcomeWatch.start(settings, topics)) {
            pair.startBoth();
            List<String> sent;
            long rollStart;
            long rollEnd;
            try (ImageFlow flow = ImageFlow.start(settings, topics.images(), name, rate, images, ImageFlow::mixed)) {
                awaitOutcomes(watch, 150);
                rollStart = System.nanoTime();
                for (int i = 0; i < 2; i++) {
                    long signal = System.nanoTime();
                    pair.terminate(i);
                    long stopped = System.nanoTime();
                    ScorerProcess again = pair.start(i);
                    awaitReady(again);
                    steps.add(String.format("scorer-%d: stopped in %d ms, ready %d ms after its start", i,
                            (stopped - signal) / 1_000_000, millisSince(stopped)));
                }
                rollEnd = System.nanoTime();
                sent = flow.finish(Duration.ofSeconds(180));
            }
            ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(settings, topics, sent, Duration.ofSeconds(180));
            return new Roll(steps, (rollEnd - rollStart) / 1_000_000, watch.longestGapMillis(rollStart, rollEnd),
                    watch.latencyQuantileMillis(0.5, rollStart, rollEnd), watch.latencyQuantileMillis(0.99, rollStart, rollEnd),
                    watch.latencyQuantileMillis(1.0, rollStart, rollEnd), pair.restoredRecords(0), pair.restoredRecords(1),
                    sent, outcomes, pair.work);
        } finally {
            pair.close();
        }
    }

    /** What a failover measured: scorer-1 stopped for good, scorer-0 took its partitions. */
    public record Failover(int standbys, int filled, long stopMillis, long longestGapMillis, long p99Millis,
                           long restoredInTakeover, boolean survivorAlive, List<String> sent,
                           ExactlyOnceAudit.Outcomes outcomes, Path work) {
        @Override
        public String toString() {
            return String.format("failover, %d standby replica(s), %d images scored before: scorer-1 stopped in %d ms; "
                            + "longest time a partition went without a label around the stop %d ms; produce-to-visible "
                            + "latency in the 20 s after p99 %d ms; store records scorer-0 restored in the takeover: %d; %s",
                    standbys, filled, stopMillis, longestGapMillis, p99Millis, restoredInTakeover, outcomes.summary(sent));
        }
    }

    /**
     * Both instances score {@code fill} images as fast as they go (the truth join's stores keep every scored image, so
     * their changelogs fill), then images at the steady rate; scorer-1 stops for good (SIGTERM: it leaves the group)
     * and scorer-0 takes over its tasks, from its standby copies or by restoring their changelogs.
     */
    public Failover failover(String name, int standbys, int fill, int images) throws IOException, InterruptedException {
        ScoringTopics topics = setUp(name);
        Pair pair = new Pair(name, standbys);
        try (OutcomeWatch watch = OutcomeWatch.start(settings, topics)) {
            pair.startBoth();
            List<String> sent = new ArrayList<>();
            if (fill > 0) {
                try (ImageFlow filling = ImageFlow.start(settings, topics.images(), name + "-fill", 2_000, fill, ImageFlow::mixed)) {
                    sent.addAll(filling.finish(Duration.ofSeconds(300)));
                }
                await().atMost(Duration.ofSeconds(600)).until(() -> watch.count() >= fill);
            }
            try (ImageFlow flow = ImageFlow.start(settings, topics.images(), name, rate, images, ImageFlow::mixed)) {
                awaitOutcomes(watch, fill + 150);
                long restoredBefore = pair.restoredRecords(0);
                long signal = System.nanoTime();
                pair.terminate(1);
                long stopped = System.nanoTime();
                sent.addAll(flow.finish(Duration.ofSeconds(180)));
                ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(settings, topics, sent, Duration.ofSeconds(180));
                return new Failover(standbys, fill, (stopped - signal) / 1_000_000,
                        watch.longestGapMillis(signal - 5_000_000_000L, stopped + 20_000_000_000L),
                        watch.latencyQuantileMillis(0.99, stopped, stopped + 20_000_000_000L),
                        pair.restoredRecords(0) - restoredBefore, pair.scorers[0].isAlive(), sent, outcomes, pair.work);
            }
        } finally {
            pair.close();
        }
    }

    /** The milestones of the {@code start-up:} line in a scorer's log, or "(none)". */
    public static String startup(String log) {
        Matcher m = STARTUP.matcher(log);
        return m.find() ? m.group(1) : "(none)";
    }

    /** How long serve's dump of its AppCDS archive took ({@code wrote the AppCDS archive … in N ms}), 0 without one. */
    static long archiveDumpMillis(String log) {
        Matcher m = ARCHIVED.matcher(log);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** serve's own {@code stopped in N ms} line, or null. */
    public static String stopLine(String log) {
        Matcher m = STOPPED.matcher(log);
        return m.find() ? m.group() : null;
    }

    /** The number at the end of an image id ({@code <prefix>-000123}). */
    public static int index(String imageId) {
        return Integer.parseInt(imageId.substring(imageId.lastIndexOf('-') + 1));
    }

    private ScoringTopics setUp(String name) {
        ScoringTopics topics = StreamTestKit.createTopics(settings, name + ".");
        StreamTestKit.publish(settings, topics, StreamTestKit.tinyModel(1));
        return topics;
    }

    /** Mid-stream: until {@code count} outcomes came, so both instances have been scoring for a while. */
    private static void awaitOutcomes(OutcomeWatch watch, int count) {
        await().atMost(Duration.ofSeconds(120)).until(() -> watch.count() >= count);
    }

    private static void awaitReady(ScorerProcess scorer) {
        scorer.awaitHealthy(HEALTHY_DEADLINE);
        await().atMost(HEALTHY_DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> StreamTestKit.get(scorer.httpPort(), "/health/ready").statusCode() == 200);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** Two instances with ids scorer-0 and scorer-1 (as a StatefulSet names its pods), each its own state directory. */
    private final class Pair {
        final Path work;
        final List<List<String>> args = new ArrayList<>();
        final ScorerProcess[] scorers = new ScorerProcess[2];
        final int[] lives = new int[2];

        Pair(String name, int standbys) throws IOException {
            this.work = Files.createDirectories(workRoot.resolve(name));
            for (int i = 0; i < 2; i++) {
                args.add(List.of("--bootstrap-servers", bootstrap, "--topic-prefix", name + ".",
                        "--model-name", StreamTestKit.MODEL, "--application-id", name + "-scorer", "--stream-threads", "1",
                        "--instance-id", "scorer-" + i, "--standby-replicas", Integer.toString(standbys),
                        "--state-dir", StreamTestKit.tempDir(name + "-state-" + i + "-").toString()));
            }
        }

        void startBoth() {
            start(0);
            start(1);
            scorers[0].awaitHealthy(HEALTHY_DEADLINE);
            scorers[1].awaitHealthy(HEALTHY_DEADLINE);
        }

        ScorerProcess start(int i) {
            try {
                scorers[i] = ScorerRecovery.this.start(work.resolve("scorer-" + i), work.resolve("scorer-" + i + "-" + lives[i]++ + ".log"),
                        args.get(i), Map.of());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return scorers[i];
        }

        void terminate(int i) {
            int status = scorers[i].terminate(Duration.ofSeconds(60));
            if (status != ScorerProcess.EXIT_AFTER_SIGTERM) {
                throw new AssertionError("scorer-" + i + " exit status after SIGTERM: " + status + "; log " + scorers[i].log());
            }
        }

        void close() {
            for (ScorerProcess s : scorers) {
                if (s != null && s.isAlive()) {
                    s.close();
                }
            }
        }

        /** Records restored into the stream tasks' stores, over every log of instance {@code i}. */
        long restoredRecords(int i) throws IOException {
            long total = 0;
            for (int life = 0; life < lives[i]; life++) {
                Matcher m = RESTORED.matcher(Files.readString(work.resolve("scorer-" + i + "-" + life + ".log")));
                while (m.find()) {
                    total += Long.parseLong(m.group(2));
                }
            }
            return total;
        }
    }
}
