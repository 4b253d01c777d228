package io.catstream.cli;

import io.catstream.stream.ProcessingGuarantee;
import io.catstream.serve.ScoringApp;
import io.catstream.serve.ScoringConfig;
import io.catstream.stream.ScoringTopics;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
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
            "(docs/truth.md). New versions are used as soon as they are",
            "activated, without a restart. Serves a live web view at /, and /metrics, /health, /model and",
            "/api/status over HTTP. Runs until Ctrl-C."})
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

    @Option(names = "--accuracy-window", defaultValue = "1m", paramLabel = "DURATION", converter = Durations.class,
            description = "Size of the tumbling windows of model-accuracy, e.g. 30s, 1m, 1h (default: ${DEFAULT-VALUE}).")
    Duration accuracyWindow;

    @Option(names = "--truth-window", defaultValue = "1h", paramLabel = "DURATION", converter = Durations.class,
            description = "How long a prediction waits for its truth on image-truth, and truth for its prediction "
                    + "(docs/truth.md) (default: ${DEFAULT-VALUE}).")
    Duration truthWindow;

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

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Kafka Streams state directory (default: a fresh temporary directory).")
    Path stateDir;

    @Mixin
    VerifyKeyOptions verify;

    @Mixin
    ImageOptions images;

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
                    .truthWindow(truthWindow)
                    .httpPort(httpPort).verifyKey(verify.verifyKey()).stateDir(stateDir).commitInterval(commitInterval)
                    .recentImages(recentImages);
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
        ScoringConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        ScoringApp app;
        try {
            app = ScoringApp.start(config);
        } catch (KafkaException | UncheckedIOException e) {
            throw new UserError("cannot start the scorer: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "catstream-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("serving: %s -> %s (dead letters %s, accuracy %s), model '%s', %s, application id %s%n",
                config.topics().images(), config.topics().labels(), config.topics().deadLetters(), config.topics().accuracy(),
                config.modelName(), config.guarantee(), config.applicationId());
        out.printf("http: http://localhost:%d/ (live view) /metrics /health /model /api/status%n", app.httpPort());
        out.flush();
        stopped.await();
        return 0;
    }
}
