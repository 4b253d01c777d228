package io.catstream.cli;

import io.catstream.dataset.DatasetRange;
import io.catstream.backtest.Backtest;
import io.catstream.dataset.KafkaDataset;
import io.catstream.dataset.NoTruthException;
import io.catstream.kafka.KafkaSettings;
import io.catstream.model.BacktestResult;
import io.catstream.model.DataLineage;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.RegistryKey;
import io.catstream.registry.RegistryTopic;
import io.catstream.train.DatasetException;
import io.catstream.train.Recipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code catstream retrain}: the retraining loop of issue #14. Each round trains a recipe on the images with truth on
 * Kafka ({@code train --from-kafka}'s reading, splitting and training), writes the model with its lineage and publishes
 * it (as {@code publish} does), by default as the challenger the scorers' gate then decides on. A round skips, with its
 * reason, when a challenger is still on trial, when too few images have truth, or when the data set is the one the
 * newest retrained version was trained on (docs/retraining.md, "The loop").
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Retrain from the stream: every --every (or --once), train --recipe on the images with truth on Kafka",
            "in the --window, and publish the model with its lineage as the challenger for the gate to decide.",
            "A round is skipped (exit 0, reason logged) while a challenger is on trial, below --min-examples,",
            "or when no image got truth since the newest retrained version. SIGTERM between rounds stops at once."})
final class RetrainCommand implements Callable<Integer> {

    /** What a published model becomes. */
    enum PublishAs {
        CHALLENGER(ModelPublisher.Role.CHALLENGER), CHAMPION(ModelPublisher.Role.CHAMPION);

        final ModelPublisher.Role role;

        PublishAs(ModelPublisher.Role role) {
            this.role = role;
        }
    }

    /** How long a SIGTERM waits for a round in progress to end before the JVM exits anyway (publication is atomic). */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** The default window: the retention of {@code images} in topics/topics.yaml (RetrainCommandTest keeps them equal). */
    static final String DEFAULT_WINDOW = "7d";

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "1h", converter = Durations.class,
            description = "Time from the start of one round to the start of the next (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--once", description = "One round, then exit (0 when it published or skipped): for cron and a Kubernetes CronJob.")
    boolean once;

    @Option(names = "--recipe", paramLabel = "NAME", defaultValue = "cnn",
            description = "mlp or cnn, with the recipe options of train (default: ${DEFAULT-VALUE}).")
    String recipe;

    @Option(names = "--publish-as", paramLabel = "ROLE", defaultValue = "challenger",
            description = "challenger (the gate decides) or champion (scores at once) (default: ${DEFAULT-VALUE}).")
    PublishAs publishAs;

    @Option(names = "--window", paramLabel = "DURATION", converter = Durations.class,
            description = "Train on the images sent in the last DURATION (default: " + DEFAULT_WINDOW + ", the retention of images).")
    Duration window;

    @Option(names = "--since", paramLabel = "TIME|AGO",
            description = "Train on the images sent at or after TIME (ISO-8601; AGO such as 24h is counted once, at start) "
                    + "instead of a moving --window: the data set grows from a fixed start.")
    String since;

    @Option(names = "--backtest", paramLabel = "DURATION", converter = Durations.class,
            description = "Hold the last DURATION of images out of training and backtest the round's model on them against "
                    + "the champion (as catstream backtest); a model the test finds worse-clearly is not published (the "
                    + "round skips, backtest-worse), any other is published with the result attached. Off by default.")
    Duration backtest;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "With --every: serve /metrics (Prometheus: rounds by outcome and reason, when the last of each "
                    + "ended, round time, examples, test accuracy) and /health on PORT while the loop runs; 0 picks a free "
                    + "port, printed. Off by default.")
    Integer metricsPort;

    @Option(names = "--min-examples", paramLabel = "N", defaultValue = "200",
            description = "Skip the round when fewer images than N have truth (default: ${DEFAULT-VALUE}).")
    long minExamples;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = ModelArtifact.DEFAULT_NAME,
            description = "Model name, trained and published (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--out-dir", paramLabel = "DIR", defaultValue = "retrained",
            description = "Where each round's model file goes, named NAME-<data set sha256>.model (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Mixin
    SplitOptions split;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default: the recipe's).")
    Double learningRate;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of initialisation, shuffles and augmentation (default: the recipe's).")
    Long seed;

    @Mixin
    RecipeOptions recipeOptions;

    @Mixin
    ImageOptions images;

    @Mixin
    SigningOptions signing;

    @Mixin
    KafkaDatasetSource source;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // everything that can refuse, before the first round
        RecipeTraining training = training();
        RecordSigner signer = signing.signerMatchingVerifyKey();
        signing.validator(); // reads --verify-key and --controller-key: a bad key file fails now, not in round 1
        Instant fixedSince = sinceOrNull();
        validateSchedule();
        PrintWriter out = spec.commandLine().getOut();
        if (once) {
            out.println(round(1, training, signer, fixedSince).line());
            return 0;
        }
        try (RetrainMonitor monitor = RetrainMonitor.start(metricsPort, out)) {
            return loop(training, signer, fixedSince, monitor);
        }
    }

    private int loop(RecipeTraining training, RecordSigner signer, Instant fixedSince, RetrainMonitor monitor) {
        PrintWriter out = spec.commandLine().getOut();
        RetrainLoop loop = new RetrainLoop(every);
        CountDownLatch done = new CountDownLatch(1);
        // SIGTERM (a pod stopping) or Ctrl-C: no new round; a round in progress may end within the grace period
        Thread hook = new Thread(() -> {
            loop.requestStop();
            try {
                done.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "catstream-retrain-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            // the loop outlives a round that failed (cluster away, a refusal, a diverged training): the next one tries again
            int rounds = loop.run(n -> monitor.run(n, () -> round(n, training, signer, fixedSince), out));
            out.println("retrain: stopped after " + rounds + " round" + (rounds == 1 ? "" : "s"));
            out.flush();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (SIGTERM): the hook is running and has just been released
            }
        }
        return 0;
    }

    private RetrainRound round(int number, RecipeTraining training, RecordSigner signer, Instant fixedSince) {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        KafkaSettings settings = source.kafka.connect(spec.commandLine().getErr());
        ModelRegistry registry = registry(settings);
        Optional<RetrainChecks.Skip> trial = RetrainChecks.trialRunning(registry, name);
        if (trial.isPresent()) {
            return RetrainRound.skipped(number, trial.get(), null, since(start));
        }
        Instant now = Clock.systemUTC().instant();
        Instant from = fixedSince != null ? fixedSince : now.minus(window());
        // with --backtest the newest images are held out of training: the backtest must not score what the model learnt
        Instant until = backtest == null ? null : now.minus(backtest);
        out.println("retrain round " + number + ": reading the images sent since " + from
                + (until == null ? "" : " until " + until + " (after it: the backtest's)") + " and their truth");
        DataLineage lineage;
        ModelArtifact model;
        Path file;
        // the read's image bytes are in a spill file until the try ends; training decodes them from it batch by batch
        try (KafkaDataset.Read read = source.readEvenEmpty(DatasetRange.times(from, until))) {
            Optional<RetrainChecks.Skip> nothing = RetrainChecks.nothingToTrain(registry, name, read, minExamples);
            if (nothing.isPresent()) {
                return RetrainRound.skipped(number, nothing.get(), read.lineage(), since(start));
            }
            KafkaDataset.Streamed streamed;
            try {
                streamed = read.stream(training.loader(images), split.testFraction, split.splitSeed);
            } catch (DatasetException | IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new UserError(e.getMessage(), e);
            }
            lineage = streamed.lineage();
            file = outDir.resolve(name + "-" + lineage.sha256().substring(0, 16) + ".model");
            model = training.train(streamed.sets(), split.splitSeed, m -> DataOptions.withLineage(m, lineage), name, file,
                    null, null);
        }

        // training took a while: a challenger published meanwhile (by a person, another loop) keeps its trial
        ModelRegistry afterTraining = registry(settings);
        trial = RetrainChecks.trialRunning(afterTraining, name);
        if (trial.isPresent()) {
            return RetrainRound.skipped(number, trial.get(), lineage, since(start));
        }
        byte[] bytes = ModelFiles.readBytes(file, "--out-dir");
        if (until != null) {
            Optional<BacktestResult> result = backtest(settings, afterTraining, model, until, out);
            if (result.isPresent() && result.get().verdict() == BacktestResult.Verdict.WORSE_CLEARLY) {
                return RetrainRound.skipped(number, new RetrainChecks.Skip(RetrainChecks.BACKTEST_WORSE, "the backtest "
                        + "found " + file + " worse-clearly against " + name + "@" + result.get().championVersion()
                        + String.format(Locale.ROOT, " (p(worse) %.3g); not offered", result.get().pWorse())),
                        lineage, since(start));
            }
            if (result.isPresent()) {
                bytes = ModelCodec.encode(model.withBacktest(result.get()));
            }
        }
        ModelPublisher.Published published = ModelPublication.publish(settings, source.topicNames.names().modelWeights(),
                file, bytes, model, publishAs.role, "retrain round " + number + " (data set sha256 "
                        + lineage.sha256() + ")", signer, out);
        return new RetrainRound(number, lineage, null, name + "@" + published.model().version(),
                publishAs.name().toLowerCase(Locale.ROOT), model.training().testAccuracy(), since(start));
    }

    /**
     * The round's model backtested on the images after {@code until} (held out of its training); empty when there is no
     * champion to compare with (the first model) or no image with truth came after {@code until}: nothing to test, said.
     */
    private Optional<BacktestResult> backtest(KafkaSettings settings, ModelRegistry registry, ModelArtifact model,
                                              Instant until, PrintWriter out) {
        if (registry.activation(name).isEmpty()) {
            out.println("retrain: no backtest: no version of " + name + " is active to compare with");
            return Optional.empty();
        }
        Backtest backtest = PublishCommand.backtest(settings, source.topicNames.names(), signing.validator());
        // only "no truth in the held-out span" means nothing to test; any other failure fails the round as a read would
        Optional<BacktestResult> result = KafkaDatasetSource.orUserError(settings, () -> {
            try {
                return Optional.of(backtest.run(model, DatasetRange.times(until, null)));
            } catch (NoTruthException e) {
                out.println("retrain: no backtest: " + e.getMessage());
                return Optional.empty();
            }
        });
        result.ifPresent(r -> out.println(BacktestReport.text("the round's model", r)));
        return result;
    }

    private ModelRegistry registry(KafkaSettings settings) {
        String topic = source.topicNames.names().modelWeights();
        try {
            return RegistryTopic.load(settings, topic, signing.validator(), null, ModelsCommand.TIMEOUT);
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            throw new UserError("cannot read " + topic + " at " + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    private RecipeTraining training() {
        if (Recipe.ARTICLE.equals(recipe)) {
            // the article's full-batch solver holds every example in memory and refuses above its limit: a loop whose
            // data set grows with the stream would start failing one day; the mini-batch recipes stream theirs
            throw new UserError("--recipe article is not offered by retrain: its full-batch solver holds every example in "
                    + "memory (docs/trainer.md); use --recipe mlp or cnn, or train --recipe article --from-kafka by hand");
        }
        Recipe chosen = Recipe.preset(recipe).orElseThrow(() -> new UserError("--recipe " + recipe
                + " is not a recipe retrain offers: choose mlp or cnn"));
        RecipeTraining training = new RecipeTraining(recipeOptions.applyTo(chosen, learningRate, seed),
                spec.commandLine().getOut(), true);
        training.architecture();
        return training;
    }

    private Instant sinceOrNull() {
        if (since != null && window != null) {
            throw new UserError("give --window or --since, not both");
        }
        if (since == null) {
            return null;
        }
        return KafkaSourceOptions.time("--since", since, Clock.systemUTC());
    }

    private Duration window() {
        Duration w = window != null ? window : Durations.parse(DEFAULT_WINDOW);
        if (w.isNegative() || w.isZero()) {
            throw new UserError("invalid value " + window + " for --window: must be positive (e.g. 7d)");
        }
        return w;
    }

    private void validateSchedule() {
        window();
        if (backtest != null && (backtest.isNegative() || backtest.isZero() || backtest.compareTo(window()) >= 0 && since == null)) {
            throw new UserError("invalid value " + backtest + " for --backtest: positive and shorter than --window");
        }
        if (every.isNegative() || every.isZero()) {
            throw new UserError("invalid value " + every + " for --every: must be positive (e.g. 1h)");
        }
        if (once && metricsPort != null) {
            throw new UserError("--metrics-port serves a running loop (--every): a --once round ends before a scrape; "
                    + "a CronJob's Jobs show its outcome");
        }
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new UserError("invalid value " + metricsPort + " for --metrics-port: 0 (a free port) to 65535");
        }
        if (minExamples < 1) {
            throw new UserError("invalid value " + minExamples + " for --min-examples: at least 1");
        }
        if (RegistryKey.parse(name + "@1") == null) {
            throw new UserError("invalid model --name '" + name + "': letters, digits, '.', '_' or '-', as publish takes");
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UserError("cannot create --out-dir " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
