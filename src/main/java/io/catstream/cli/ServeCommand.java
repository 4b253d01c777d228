package io.catstream.cli;

import io.catstream.stream.ProcessingGuarantee;
import io.catstream.serve.ScoringApp;
import io.catstream.serve.ScoringConfig;
import io.catstream.serve.StartupTimeline;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.ShadowSelection;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream serve}: the Kafka Streams scorer, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score the images topic with the active model of model-weights and write image-labels,",
            "images-dlq and model-accuracy (docs/streaming.md); join truth from image-truth into labelled-predictions",
            "(docs/truth.md). New versions are used as soon as they are activated, without a restart. Serves /metrics,",
            "/health, /health/live, /health/ready and /model over HTTP (the live web view too with --live-view). Runs",
            "until SIGTERM or Ctrl-C, then commits and stops (docs/deployment.md)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model-name", defaultValue = "catstream", paramLabel = "NAME",
            description = "Score with the active version of this model (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--application-id", defaultValue = ScoringConfig.DEFAULT_APPLICATION_ID, paramLabel = "ID",
            description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of /metrics, /health and /model; 0 picks a free one and prints it (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address the HTTP port binds to, e.g. 127.0.0.1 (default: every interface, for Prometheus and probes).")
    String httpHost;

    @Option(names = "--live-view", defaultValue = "false",
            description = "Also serve the live web view at / and /api/status: recent images with thumbnails and ids, "
                    + "to anyone who reaches the port (default: off; docs/deployment.md).")
    boolean liveView;

    @Option(names = "--instance-id", defaultValue = InstanceIds.HOST_NAME, paramLabel = "ID",
            description = "Stable identity of this instance (static group membership): a restart with the same id "
                    + "takes its partitions back at once. Unique per instance; 'none' for dynamic membership "
                    + "(default: the ${DEFAULT-VALUE}).")
    String instanceId;

    @Option(names = "--standby-replicas", defaultValue = "0", paramLabel = "N",
            description = "Warm copies of each task's stores on other instances, for a fast failover (default: ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(names = "--leave-group-on-stop", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "On SIGTERM, leave the consumer group so the other instances take over at once; "
                    + "--no-leave-group-on-stop keeps the partitions waiting for this instance's restart (default: leave).")
    boolean leaveGroupOnStop;

    @Option(names = "--accuracy-window", defaultValue = "1m", paramLabel = "DURATION", converter = Durations.class,
            description = "Size of the tumbling windows of model-accuracy, e.g. 30s, 1m, 1h (default: ${DEFAULT-VALUE}).")
    Duration accuracyWindow;

    @Option(names = "--truth-window", defaultValue = "1h", paramLabel = "DURATION", converter = Durations.class,
            description = "How long a prediction waits for its truth on image-truth, and truth for its prediction "
                    + "(docs/truth.md) (default: ${DEFAULT-VALUE}).")
    Duration truthWindow;

    @Option(names = "--shadow-fraction", defaultValue = "1.0", paramLabel = "F",
            description = "Share of images a challenger (publish --as challenger) also scores, beside the champion that "
                    + "labels them, chosen by a hash of the image id so every instance picks the same ones; 0 turns "
                    + "shadow scoring off (default: ${DEFAULT-VALUE}; docs/gate.md).")
    double shadowFraction;

    @Option(names = "--processing-guarantee", defaultValue = "exactly_once_v2", paramLabel = "GUARANTEE",
            description = "exactly_once_v2 or at_least_once (default: ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--stream-threads", paramLabel = "N",
            description = "Stream threads of this instance (default: the number of CPUs, at most 6).")
    Integer streamThreads;

    @Option(names = "--commit-interval", paramLabel = "DURATION", converter = Durations.class,
            description = "Kafka Streams commit.interval.ms: how often labels become visible under exactly-once "
                    + "(default: 25ms with exactly-once, Kafka's 30s with at-least-once).")
    Duration commitInterval;

    @Option(names = "--recent-images", defaultValue = "24", paramLabel = "N",
            description = "Last scored images (with thumbnails) shown by the web view at /; 0 = no thumbnails "
                    + "(default: ${DEFAULT-VALUE}).")
    int recentImages;

    @Option(names = "--drift-window", defaultValue = "5m", paramLabel = "DURATION", converter = Durations.class,
            description = "Sliding window of the drift statistics and the estimated accuracy, e.g. 1m, 15m "
                    + "(default: ${DEFAULT-VALUE}; docs/health.md).")
    Duration driftWindow;

    @Option(names = "--no-drift-statistics", description = "Turn the drift statistics and the estimated accuracy off "
            + "(about 2 µs of CPU per image; this switch exists to measure what they cost end to end).")
    boolean noDriftStatistics;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:CATSTREAM_STATE_DIR:-${sys:user.home}/.catstream/state}",
            description = "Kafka Streams state directory, kept across restarts (stores, process id); one per instance "
                    + "(default: $CATSTREAM_STATE_DIR, else ~/.catstream/state; now ${DEFAULT-VALUE}).")
    Path stateDir;

    @Mixin
    VerifyKeyOptions verify;

    @Mixin
    ControllerKeyOptions controllerKeys;

    @Mixin
    GateOptions gate;

    @Mixin
    ImageOptions images;

    @Mixin
    EngineOption engine;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicNameOptions topicNames;

    @Spec
    CommandSpec spec;

    ScoringConfig config() {
        try {
            ScoringConfig.Builder config = ScoringConfig.defaults(kafka.settings()).toBuilder()
                    .topics(ScoringTopics.of(topicNames.names())).modelName(modelName).applicationId(applicationId)
                    .guarantee(ProcessingGuarantee.parse(guarantee)).limits(images.limits()).accuracyWindow(accuracyWindow)
                    .truthWindow(truthWindow).controllerKeys(controllerKeys.keys(verify)).shadowFraction(new ShadowSelection(shadowFraction))
                    .httpPort(httpPort).verifyKey(verify.verifyKey()).stateDir(stateDir).commitInterval(commitInterval)
                    .recentImages(recentImages).instanceId(InstanceIds.resolve(instanceId)).standbyReplicas(standbyReplicas)
                    .httpHost(httpHost).liveView(liveView).leaveGroupOnClose(leaveGroupOnStop)
                    .driftWindow(noDriftStatistics ? null : driftWindow).engine(engine.engine()).gate(gate.config());
            if (streamThreads != null) {
                config.streamThreads(streamThreads);
            }
            return config.build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        StartupTimeline timeline = StartupTimeline.sinceJvmStart();
        timeline.mark("serve called");
        ScoringConfig config = config();
        kafka.validTimeout();
        // quiet while building too: besides the clients' connection warnings, Kafka Streams 4.4 warns at every build that
        // the global thread's processing exception handler is off, though ScoringApp turns it on (internal configs
        // without it): noise on a start, and beside the one error line when the cluster does not answer
        ScoringApp app = ClusterWait.quietly(() -> createWhileAwaitingCluster(config, timeline), ClusterWait.KAFKA_CLIENTS,
                "org.apache.kafka.streams.StreamsConfig");
        try {
            app.start();
        } catch (KafkaException | UncheckedIOException e) {
            throw new UserError("cannot start the scorer: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (a pod stopping) or Ctrl-C: stop fetching, commit what was scored, leave the group (or keep the
        // membership with --no-leave-group-on-stop), then exit
        Thread hook = new Thread(() -> {
            long start = System.nanoTime();
            app.close();
            out.printf("stopped in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            out.flush();
            stopped.countDown();
        }, "catstream-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("serving: %s -> %s (dead letters %s, accuracy %s), model '%s', %s, application id %s, instance id %s, "
                        + "state %s%n", config.topics().images(), config.topics().labels(), config.topics().deadLetters(),
                config.topics().accuracy(), config.modelName(), config.guarantee(), config.applicationId(),
                config.instanceId() == null ? "none" : config.instanceId(), config.stateDir());
        out.printf("http: port %d: /metrics /health /health/live /health/ready /model%s%n", app.httpPort(),
                config.liveView() ? " / (live view) /api/status" : " (live view off: --live-view)");
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The scorer built, not started, once the cluster answered. The cluster check (an Admin client and one request) and
     * building the scorer (metrics, topology, Kafka Streams' clients: no network, mostly class loading) are each
     * 1-2.5 s of a restart (docs/operations.md, "Restart and recovery") and need nothing from each other, so the check
     * runs on its own thread meanwhile. A cluster that does not answer still ends serve with the check's one error
     * line; the scorer built meanwhile is closed first.
     */
    private ScoringApp createWhileAwaitingCluster(ScoringConfig config, StartupTimeline timeline) {
        CompletableFuture<Void> reachable = CompletableFuture.runAsync(() -> {
            kafka.awaitCluster(config.kafka(), spec.commandLine().getErr());
            timeline.mark("cluster reachable");
        }, ServeCommand::daemon);
        ScoringApp app;
        try {
            app = ScoringApp.create(config, Clock.systemUTC(), timeline);
        } catch (KafkaException | UncheckedIOException e) {
            throw new UserError("cannot start the scorer: " + e.getMessage(), e);
        }
        try {
            reachable.join();
        } catch (CompletionException e) {
            app.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return app;
    }

    /** A thread that does not keep the JVM alive: an error ends serve while the check may still be waiting. */
    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "catstream-cluster-wait");
        thread.setDaemon(true);
        thread.start();
    }
}
