package io.catstream.demo;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.TopicChange;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.TopicReconciler;
import io.catstream.metrics.ConfusionCounts;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.gate.GateSettings;
import io.catstream.registry.Challenger;
import io.catstream.registry.GateDecision;
import io.catstream.stream.GateConfig;
import io.catstream.stream.Guardrails;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.layered.Architecture;
import io.catstream.registry.ModelPublisher;
import io.catstream.serve.ScoringApp;
import io.catstream.serve.ScoringConfig;
import io.catstream.stream.ScoringModel;
import io.catstream.web.StatusTimeline;
import io.catstream.train.Recipe;
import io.catstream.train.RecipeRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine, end to end: an in-process KRaft broker with a temporary data directory, the
 * topics, model v1 (a short training run) published to {@code model-weights}, the exactly-once scorer with its web
 * view and /metrics, images streamed at a steady rate with their truth 2–20 s later on image-truth (or in their
 * label header), and model v2 (a small convolutional network, the cnn
 * recipe at 64×64 with per-channel standardisation) trained while v1 scores and published mid-stream, so the console
 * (and the web page) show the live swap between two architectures and input contracts, and the accuracy of each
 * version. Runs for the configured duration or until {@link #requestStop()}; everything it started is closed.
 */
public final class DemoRun {

    private static final Logger LOG = LoggerFactory.getLogger(DemoRun.class);
    private static final Duration TICK = Duration.ofMillis(200);
    /** How long the end of the demo waits for the scorer to catch up with the last images sent. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * What the run did.
     *
     * @param decisions     every decision the console showed, in order (a person's promotion of v3 later replaces the
     *                      gate's rejection under the same registry key; both are here)
     * @param storyComplete whether v2 was promoted, v3 rejected, forced in and rolled back before the end
     */
    public record Result(Duration elapsed, long sent, long failed, long scored, long deadLettered, int activeVersion,
                         Architecture activeArchitecture, SortedMap<Integer, ConfusionCounts> byVersion,
                         boolean v2Published, boolean stoppedEarly, long truthSent, long truthMatched,
                         List<GateDecision> decisions, boolean storyComplete) {
    }

    private final DemoConfig config;
    private final PrintWriter out;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CountDownLatch endRequested = new CountDownLatch(1);
    private final List<GateDecision> decisionsShown = new CopyOnWriteArrayList<>();
    private DemoKeys keys;
    private DemoLifecycle lifecycle;
    private Consumer<Result> beforeClose = r -> { };
    private final long startNanos = System.nanoTime();
    private EmbeddedKafkaBroker broker;
    private ScoringApp app;
    private DemoSender sender;
    /** Null when the truth rides in the label header ({@link DemoConfig.TruthDelivery#IN_BAND}). */
    private DemoTruth truth;
    private Thread v2Trainer;
    private volatile boolean closing;
    /** The challenger whose trial the status line shows, and the labelled-pairs gauge when it appeared. */
    private int trialShown;
    private double pairsWhenTrialStarted = Double.NaN;
    /** The same for the rollback watch: the champion it is shown for, and its statistic when that one took over. */
    private int watchShown;
    private double rollbackWhenSwapped = Double.NaN;

    public DemoRun(DemoConfig config, PrintWriter out) {
        this.config = config;
        this.out = out;
    }

    /** Asks a running demo to stop (Ctrl-C); {@link #run()} then closes everything and returns. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /**
     * Ends the run now as if its duration were over: sending stops, the scorer catches up, the summary counts every image
     * sent (unlike {@link #requestStop()}, which stops at once).
     */
    public void requestEnd() {
        endRequested.countDown();
    }

    /** Whether the champion/challenger story is complete (v2 promoted, v3 rejected, forced in and rolled back). */
    public boolean storyComplete() {
        DemoLifecycle l = lifecycle;
        return l != null && l.complete();
    }

    /** For tests: runs with the result after the summary, while the broker still runs. */
    void beforeClose(Consumer<Result> check) {
        this.beforeClose = check;
    }

    /** Waits until {@link #run()} has closed everything. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Port of the web view and /metrics, once the scorer runs; -1 before. */
    public int httpPort() {
        ScoringApp a = app;
        return a == null ? -1 : a.httpPort();
    }

    public Result run() throws InterruptedException {
        try {
            return runSteps();
        } finally {
            close();
            finished.countDown();
        }
    }

    private Result runSteps() throws InterruptedException {
        say("catstream demo: the whole pipeline in this process for %d s (Ctrl-C stops it)", config.duration().toSeconds());
        broker = EmbeddedKafkaBroker.temporary().start();
        KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
        say("1. Kafka: a KRaft broker on %s (in-process, temporary data directory %s)", broker.bootstrapServers(),
                broker.dataDir());
        int created = applyTopics(settings);
        say("2. topics: %d created from topics/topics.yaml (images, image-labels, images-dlq, model-weights, model-accuracy, "
                        + "image-truth, labelled-predictions, truth-dlq)",
                created);
        if (stopped()) {
            return result(true);
        }
        DemoData data = load();
        say("3. data: %s", data.description());
        NetworkShape shape = new NetworkShape(new int[] {data.contract().featureCount(), 20, 7, 5, 1});
        DemoTraining.Trained v1 = DemoTraining.v1(config, data, shape);
        keys = DemoKeys.generate();
        ModelPublisher.Published p1 = DemoLifecycle.publish(settings, keys, v1.artifact(), ModelPublisher.Role.CHAMPION,
                "demo v1: " + config.v1Iterations() + " iterations");
        say("4. model v1: %s %d iterations in %.1f s (train accuracy %.1f %%), published as %s@%d (%,d bytes)", shape,
                config.v1Iterations(), v1.result().duration().toMillis() / 1000.0, 100 * v1.trainAccuracy(),
                DemoConfig.MODEL_NAME, p1.model().version(), p1.recordBytes());
        if (stopped()) {
            return result(true);
        }
        GateSettings gate = GateSettings.DEFAULTS.withLabelledRange(config.gateMinLabelled(), GateSettings.DEFAULTS.maxLabelled());
        app = ScoringApp.start(ScoringConfig.defaults(settings).withApplicationId("catstream-demo")
                .withModelName(DemoConfig.MODEL_NAME).withHttpPort(config.httpPort()).toBuilder()
                .verifyKey(keys.trainer().publicKey())
                .gate(new GateConfig(gate, DemoConfig.GUARDRAILS, keys.controller())).build());
        lifecycle = new DemoLifecycle(settings, keys, app.context().registry(), this::activeVersion, this::say, this::stopped);
        app.liveView().describe("data", data.description());
        app.liveView().describe("demo", "v1 = the article's network " + shape + ", " + config.v1Iterations() + " iterations at "
                + data.contract().imageSize() + "²; v2 = a convolutional network (" + DemoConfig.V2_LAYERS + ") at "
                + config.v2Recipe().imageSize() + "² with per-channel standardisation, the cnn recipe for "
                + config.v2Epochs() + " epochs, trained while v1 scores and published mid-stream");
        say("5. scorer: Kafka Streams, %s, %d stream threads; live view http://localhost:%d/ · /metrics · /health · /model",
                app.config().guarantee(), app.config().streamThreads(), app.httpPort());
        say("   gate: the scorer's gate task signs its decisions with the controller key %s (serve --controller-signing-key; "
                        + "models signed by the trainer key %s, --verify-key; both generated in %s); it decides from %,d "
                        + "labelled pairs: the demo's setting, for showing the whole story in a run, not for production "
                        + "(serve's default is %,d); its guardrails allow %.0f× the champion's time, not %.0f×, and no "
                        + "distribution limit: v2's convolutions cost more and its p(cat) is sharper than v1's, "
                        + "as a new architecture's may be", keys.controller().keyId(), keys.trainer().keyId(), keys.dir(),
                gate.minLabelled(), GateSettings.DEFAULTS.minLabelled(), DemoConfig.GUARDRAILS.maxSlowdown(),
                Guardrails.DEFAULTS.maxSlowdown());
        if (config.truth() == DemoConfig.TruthDelivery.LATE) {
            truth = new DemoTruth(settings, app.config().topics().truth(), config.seed());
            sender = new DemoSender(settings, app.config().topics().images(), data.stream(), config.rate(), false,
                    (id, image) -> truth.imageSent(id, image.cat())).start();
            say("6. streaming %d images (%d cats) round and round at %.0f images/s without their label; the truth for "
                            + "~%.0f %% of them follows on %s %d–%d s later, as catstream truth sends it; v2 starts "
                            + "training in %d s", data.stream().size(), data.streamCats(), config.rate(),
                    100 * DemoTruth.FRACTION, app.config().topics().truth(), DemoTruth.MIN_DELAY.toSeconds(),
                    DemoTruth.MAX_DELAY.toSeconds(), config.v2After().toSeconds());
            app.liveView().describe("truth", "late: on " + app.config().topics().truth() + ", "
                    + DemoTruth.MIN_DELAY.toSeconds() + "–" + DemoTruth.MAX_DELAY.toSeconds() + " s after the image, for ~"
                    + Math.round(100 * DemoTruth.FRACTION) + " % of the images (--truth in-band: in the label header)");
        } else {
            sender = new DemoSender(settings, app.config().topics().images(), data.stream(), config.rate(), true,
                    (id, image) -> { }).start();
            say("6. streaming %d labelled images (%d cats) round and round at %.0f images/s, the truth in each image's "
                    + "label header; v2 starts training in %d s", data.stream().size(), data.streamCats(), config.rate(),
                    config.v2After().toSeconds());
            app.liveView().describe("truth", "in-band: in each image's label header");
        }
        v2Trainer = new Thread(() -> trainAndPublishV2(settings, data), "catstream-demo-v2");
        v2Trainer.setDaemon(true);
        v2Trainer.start();
        watch();
        showNewDecisions();
        boolean early = stopRequested.getCount() == 0;
        if (!early) {
            // Stop sending and let the scorer catch up, so the final counts account for every image sent.
            sender.close();
            awaitAllAccountedFor(DRAIN_TIMEOUT);
        }
        Result result = result(early);
        say("%s after %d s: sent %,d, scored %,d, dead-lettered %,d; active v%d", early ? "stopped" : "done",
                result.elapsed().toSeconds(), result.sent(), result.scored(), result.deadLettered(), result.activeVersion());
        say("%s", DemoReport.summary(result.byVersion()));
        if (app != null) {
            say("  truth: %,d records sent, %,d predictions joined with their truth (labelled-predictions); %s",
                    result.truthSent(), result.truthMatched(), DemoReport.truth(app.context().truthMetrics()));
        }
        if (app != null) {
            app.drift().ifPresent(d -> say("  estimated from the probabilities (last %d s, no truth needed): %s",
                    d.window().toSeconds(), DemoReport.estimates(d.health())));
        }
        if (!result.v2Published()) {
            say("  v2 was not published before the end: run longer (--duration) to see the swap");
        } else if (!result.storyComplete()) {
            say("  the champion/challenger story was not complete before the end (last step: %s): run longer (--duration)",
                    lifecycle.stage());
        }
        beforeClose.accept(result);
        return result;
    }

    /** Prints a status line every report interval and a line when the active model changes, until the end. */
    private void watch() throws InterruptedException {
        long deadline = startNanos + config.duration().toNanos();
        long nextReport = System.nanoTime() + config.reportEvery().toNanos();
        int shownVersion = activeVersion();
        while (System.nanoTime() < deadline) {
            if (stopRequested.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            // an end asked for (requestEnd) still shows what happened in the last tick: a decision, a swap
            boolean ending = endRequested.getCount() == 0;
            showNewDecisions();
            int active = activeVersion();
            if (active != shownVersion) {
                ScoringModel model = app.context().active().current();
                say("==> live swap: the scorer now uses v%d (was v%d), %d ms after its activation was written; no restart",
                        active, shownVersion, Duration.between(model.activatedAt(), model.swappedAt()).toMillis());
                app.liveView().describe("demo", "swapped live from v" + shownVersion + " to v" + active + " at " + elapsedSeconds() + " s");
                shownVersion = active;
            }
            if (ending) {
                return;
            }
            if (System.nanoTime() >= nextReport) {
                StatusTimeline.Point now = app.liveView().snapshot();
                String gate = gateProgress(active);
                say("%s%s%s%s", DemoReport.line(elapsed(), sender.tally().sent(), now.scored(), now.deadLettered(),
                        app.liveView().scoredPerSecond(config.reportEvery()), active, now.byVersion()),
                        app.drift().map(d -> " · estimated " + DemoReport.estimates(d.health())).orElse(""),
                        " · truth " + DemoReport.truth(app.context().truthMetrics()), gate.isEmpty() ? "" : " · " + gate);
                if (!gate.isEmpty()) {
                    app.liveView().describe("gate", gate);
                }
                nextReport += config.reportEvery().toNanos();
            }
        }
    }

    /**
     * The gate's evidence while a challenger is on trial, else the rollback watch's statistic after a promotion; empty
     * before either. The gauges hold the last trial's (or watch's) numbers until the next one's first labelled image:
     * they are shown only once they moved since the challenger (or champion) appeared.
     */
    private String gateProgress(int active) {
        GateProgress progress = GateProgress.read(app.context().metrics().registry(), DemoConfig.MODEL_NAME);
        Optional<Challenger> challenger = app.context().registry().challenger(DemoConfig.MODEL_NAME);
        if (challenger.isPresent()) {
            int version = challenger.get().version();
            if (version != trialShown) {
                trialShown = version;
                pairsWhenTrialStarted = progress.pairs();
            }
            boolean fresh = Double.compare(progress.pairs(), pairsWhenTrialStarted) != 0;
            return (fresh ? progress : GateProgress.NONE).trial(active, version, config.gateMinLabelled());
        }
        if (active != watchShown) {
            watchShown = active;
            rollbackWhenSwapped = progress.rollbackStatistic();
        }
        return Double.compare(progress.rollbackStatistic(), rollbackWhenSwapped) != 0 ? progress.watch(active) : "";
    }

    /** Prints each decision on the registry not printed yet (a replaced one again: same key, new content). */
    private void showNewDecisions() {
        if (app == null) {
            return;
        }
        for (GateDecision d : app.context().registry().decisions(DemoConfig.MODEL_NAME)) {
            if (!decisionsShown.contains(d)) {
                decisionsShown.add(d);
                say("%s", GateProgress.decision(d));
                app.liveView().describe("gate", GateProgress.decision(d).substring("==> ".length()));
            }
        }
    }

    private void trainAndPublishV2(KafkaSettings settings, DemoData data) {
        try {
            if (stopRequested.await(config.v2After().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            Recipe recipe = config.v2Recipe();
            say("7. model v2: a convolutional network (%s) at %d×%d, trained with the cnn recipe for %d epochs while v1 "
                    + "keeps scoring…", recipe.layers(), recipe.imageSize(), recipe.imageSize(), recipe.epochs());
            app.liveView().describe("demo", "training v2 (" + recipe.layers() + ", cnn recipe, " + recipe.epochs()
                    + " epochs) while v1 scores");
            RecipeRun.Trained trained = DemoTraining.v2(data, recipe);
            if (closing || stopRequested.getCount() == 0) {
                return;
            }
            lifecycle.run(trained.artifact(), String.format(Locale.ROOT, "trained in %.1f s (kept epoch %d of %d, validation "
                            + "accuracy %.1f %% on %d images held out of its training) at %d s",
                    trained.result().duration().toMillis() / 1000.0, trained.result().bestEpoch(),
                    trained.result().epochsRun(), 100 * trained.validation().accuracy(), trained.validation().total(),
                    elapsedSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closing && stopRequested.getCount() != 0) {
                LOG.error("training or publishing v2 failed; v1 keeps scoring", e);
                say("   v2 failed: %s (v1 keeps scoring)", e.getMessage());
            }
        }
    }

    private DemoData load() {
        if (config.synthetic()) {
            return DemoData.synthetic(config.syntheticCount(), config.syntheticSize(), config.seed());
        }
        return DemoData.photos(config.photos(), config.holdout(), config.seed());
    }

    private static int applyTopics(KafkaSettings settings) throws InterruptedException {
        try (Admin admin = Admin.create(settings.clientConfig(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "catstream-demo")))) {
            List<TopicChange> changes = new TopicReconciler(admin, TopicNames.DEFAULT).apply(TopicCatalog.builtIn());
            return (int) changes.stream().filter(c -> c.kind() == TopicChange.Kind.CREATE).count();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot create the topics: " + e.getCause(), e.getCause());
        }
    }

    private int activeVersion() {
        ScoringModel model = app.context().active().current();
        return model == null ? 0 : model.version();
    }

    /** Until every image sent without an error is scored or dead-lettered, or {@code timeout} passes. */
    private void awaitAllAccountedFor(Duration timeout) throws InterruptedException {
        ScoringMetrics m = app.context().metrics();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (m.scoredTotal() + m.deadLetteredTotal() < sender.tally().sent() - sender.tally().failed() && System.nanoTime() < deadline) {
            // (a decision written meanwhile is still shown)
            showNewDecisions();
            if (stopRequested.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private Result result(boolean early) {
        long sent = sender == null ? 0 : sender.tally().sent();
        long failed = sender == null ? 0 : sender.tally().failed();
        if (app == null) {
            return new Result(elapsed(), sent, failed, 0, 0, 0, null, new java.util.TreeMap<>(), false, early, 0, 0, List.of(), false);
        }
        ScoringMetrics m = app.context().metrics();
        ScoringModel active = app.context().active().current();
        return new Result(elapsed(), sent, failed, m.scoredTotal(), m.deadLetteredTotal(), activeVersion(),
                active == null || active.published().artifact().isOnnx() ? null : active.published().artifact().architecture(), m.accuracyByVersion(),
                lifecycle.stage() != null, early, truth == null ? 0 : truth.tally().sent(), app.context().truthMetrics().matchedTotal(),
                List.copyOf(decisionsShown), lifecycle.complete());
    }

    private boolean stopped() {
        return stopRequested.getCount() == 0;
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private long elapsedSeconds() {
        return elapsed().toSeconds();
    }

    private synchronized void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** Stops the sender, the truth, v2's training, the scorer and the broker (deleting its data), in that order. */
    private void close() {
        closing = true;
        if (sender != null) {
            sender.close();
            if (sender.tally().failed() > 0) {
                LOG.warn("{} images could not be sent; first error: {}", sender.tally().failed(), String.valueOf(sender.tally().firstError()));
            }
        }
        if (truth != null) {
            truth.close();
            if (truth.tally().failed() > 0) {
                LOG.warn("{} truth records could not be sent; first error: {}", truth.tally().failed(), String.valueOf(truth.tally().firstError()));
            }
        }
        if (v2Trainer != null && v2Trainer.isAlive()) {
            v2Trainer.interrupt();
            try {
                v2Trainer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (keys != null) {
            keys.close();
        }
    }
}
