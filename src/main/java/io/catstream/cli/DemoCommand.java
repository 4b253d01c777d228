package io.catstream.cli;

import io.catstream.demo.DemoConfig;
import io.catstream.demo.DemoRun;
import io.catstream.train.DatasetException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream demo}: broker, topics, v1, scorer, a labelled stream and v2 swapped in live, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The streaming demo in one process (docs/demo.md): an embedded Kafka broker, the topics, model v1 "
            + "(a short training run) published, the exactly-once scorer with its live web view and /metrics, images "
            + "streamed at a steady rate with their truth arriving 2–20 s later on image-truth (or in-band, --truth), "
            + "and model v2 (a small convolutional network, the cnn recipe at 64×64) "
            + "trained and published mid-stream. "
            + "Prints the live swap and the accuracy of each version as it changes. Stops after --duration or on Ctrl-C.")
final class DemoCommand implements Callable<Integer> {

    static final Path DEFAULT_PHOTOS = Path.of("../shared/data/article");
    static final Path DEFAULT_HOLDOUT = Path.of("../shared/data/holdout");

    @Option(names = "--data", paramLabel = "DIR",
            description = "Photos in DIR/cats and DIR/random_images: 80 %% train the models, 20 %% are streamed "
                    + "(default: " + "../shared/data/article if it exists, else synthetic images).")
    Path data;

    @Option(names = "--holdout", paramLabel = "DIR",
            description = "More labelled photos to stream, never trained on (default: ../shared/data/holdout if it "
                    + "exists and --data is the default).")
    Path holdout;

    @Option(names = "--synthetic", description = "Use images drawn in memory even when photos are there.")
    boolean synthetic;

    @Option(names = "--duration", defaultValue = "180", paramLabel = "SECONDS",
            description = "How long the demo runs, in seconds (default: ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--rate", defaultValue = "20", paramLabel = "N",
            description = "Images sent per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port of the live web view and /metrics; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--v1-iterations", defaultValue = "200", paramLabel = "N",
            description = "Training iterations of model v1, the article's network (default: ${DEFAULT-VALUE}).")
    int v1Iterations;

    @Option(names = "--v2-epochs", defaultValue = "8", paramLabel = "N",
            description = "Epochs of model v2, the convolutional network " + DemoConfig.V2_LAYERS + " trained with the "
                    + "cnn recipe; the best validation epoch is kept (default: ${DEFAULT-VALUE}).")
    int v2Epochs;

    @Option(names = "--v2-after", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds of scoring with v1 before v2's training starts (default: ${DEFAULT-VALUE}).")
    long v2AfterSeconds;

    @Option(names = "--report-every", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between status lines (default: ${DEFAULT-VALUE}).")
    double reportEverySeconds;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seeds the synthetic images, the split, the stream order and the weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--truth", defaultValue = "late", paramLabel = "late|in-band",
            description = "How the truth comes: late = on image-truth 2–20 s after the image, for about 60 %% of the "
                    + "images, as catstream truth sends it; in-band = in every image's label header (default: ${DEFAULT-VALUE}).")
    String truth;

    @Option(names = "--gate-min-labelled", defaultValue = "" + DemoConfig.DEFAULT_GATE_MIN_LABELLED, paramLabel = "N",
            description = "Labelled pairs before the gate may decide on a challenger: the demo's setting, below serve's "
                    + "200, so the whole story fits in a run; for showing, not for production (default: ${DEFAULT-VALUE}).")
    long gateMinLabelled;

    @Spec
    CommandSpec spec;

    DemoConfig config() {
        Path photos = null;
        Path extra = null;
        if (!synthetic) {
            if (data != null) {
                requireImageFolder(data, "--data");
                photos = data;
                extra = holdout;
            } else if (Files.isDirectory(DEFAULT_PHOTOS.resolve("cats"))) {
                photos = DEFAULT_PHOTOS;
                extra = holdout != null ? holdout : Files.isDirectory(DEFAULT_HOLDOUT.resolve("cats")) ? DEFAULT_HOLDOUT : null;
            }
            if (extra != null) {
                requireImageFolder(extra, "--holdout");
            }
        }
        try {
            DemoConfig defaults = DemoConfig.defaults(photos, extra);
            return new DemoConfig(photos, extra, Duration.ofSeconds(durationSeconds), rate, httpPort, v1Iterations,
                    v2Epochs, Duration.ofSeconds(v2AfterSeconds), Duration.ofMillis(Math.round(reportEverySeconds * 1000)),
                    defaults.syntheticCount(), defaults.syntheticSize(), seed, truthDelivery(), gateMinLabelled);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private DemoConfig.TruthDelivery truthDelivery() {
        return switch (truth) {
            case "late" -> DemoConfig.TruthDelivery.LATE;
            case "in-band" -> DemoConfig.TruthDelivery.IN_BAND;
            default -> throw new UserError("invalid value '" + truth + "' for --truth: late or in-band");
        };
    }

    /**
     * The console is the demo's output: keep the per-10 % training progress and the clients' start-up metadata
     * warnings (internal topics being created) off it, unless {@code --verbose} lowered the levels already.
     */
    private static void quietNoise() {
        if (!org.slf4j.LoggerFactory.getLogger("io.catstream").isDebugEnabled()) {
            org.apache.logging.log4j.core.config.Configurator.setLevel("io.catstream.train.Progress",
                    org.apache.logging.log4j.Level.WARN);
            org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.kafka.clients.NetworkClient",
                    org.apache.logging.log4j.Level.ERROR);
        }
    }

    private static void requireImageFolder(Path dir, String option) {
        if (!Files.isDirectory(dir.resolve("cats")) || !Files.isDirectory(dir.resolve("random_images"))) {
            throw new UserError(option + " " + dir + " must be a folder with cats/ and random_images/ subfolders");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        DemoConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        quietNoise();
        if (config.synthetic()) {
            out.println("no photos given and none at " + DEFAULT_PHOTOS + ": using synthetic images drawn in memory "
                    + "(catstream ships no photos; pass --data DIR for real ones)");
        }
        DemoRun run = new DemoRun(config, out);
        Thread hook = new Thread(() -> {
            run.requestStop();
            try {
                run.awaitFinished(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "catstream-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoRun.Result result = run.run();
            return result.failed() > 0 ? 1 : 0;
        } catch (DatasetException e) {
            throw new UserError(e.getMessage(), e);
        } catch (UncheckedIOException | KafkaException e) {
            throw new UserError("the demo could not start: " + e.getMessage()
                    + (httpPort != 0 ? " (is port " + httpPort + " taken? try --http-port 0)" : ""), e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
    }
}
