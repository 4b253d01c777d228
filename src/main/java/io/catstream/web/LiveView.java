package io.catstream.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.metrics.DriftMetrics;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.metrics.TruthMetrics;
import io.catstream.model.ModelArtifact;
import io.catstream.registry.PublishedModel;
import io.catstream.stream.ScoreListener;
import io.catstream.stream.ChallengerModel;
import io.catstream.stream.ScoringModel;
import io.catstream.stream.ShadowSelection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running scorer shows people, kept beside it and apart from its hot path: the once-a-second timeline of
 * its counters, the "about" lines, the last scored images (as the scorer's {@link ScoreListener}), and their JSON for
 * {@code /model} and {@code /api/status}. The scorer never calls it; it reads the scorer's metrics and active model.
 */
public final class LiveView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScoringMetrics metrics;
    private final Supplier<ScoringModel> activeModel;
    private final Supplier<Health> health;
    private final Clock clock;
    private final RecentScores recent;
    private final StatusTimeline timeline = new StatusTimeline();
    private final Map<String, String> about = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler;
    private volatile DriftMetrics drift;
    private volatile TruthMetrics truth;
    private volatile ChallengerModel challenger;
    private volatile ShadowSelection shadowSelection;

    /**
     * @param recentImages how many recent images to keep for the page (0: none)
     * @param activeModel  the model scoring now, or null while none is active
     */
    public LiveView(int recentImages, ScoringMetrics metrics, Supplier<ScoringModel> activeModel, Supplier<Health> health,
                    Clock clock) {
        this.metrics = metrics;
        this.activeModel = activeModel;
        this.health = health;
        this.clock = clock;
        this.recent = new RecentScores(recentImages);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catstream-status-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Where the scorer reports each label, for the recent images. */
    public ScoreListener listener() {
        return recent;
    }

    /** Samples the counters into the timeline once a second, until {@link #close()}. */
    public void startSampling() {
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** Adds a line to the page's "about" box (e.g. where the demo's images come from); null removes it. */
    public void describe(String key, String value) {
        if (value == null) {
            about.remove(key);
        } else {
            about.put(key, value);
        }
    }

    /** Takes one sample of the counters for the timeline (done every second once sampling started). */
    public StatusTimeline.Point sample() {
        StatusTimeline.Point point = snapshot();
        try {
            timeline.add(point);
        } catch (IllegalArgumentException e) {
            LOG.debug("status sample skipped: {}", e.getMessage()); // the clock went back
        }
        return point;
    }

    /** Images scored per second over the last {@code window} of the once-a-second samples. */
    public double scoredPerSecond(Duration window) {
        return timeline.scoredPerSecond(window);
    }

    /** The counters now, not added to the timeline. */
    public StatusTimeline.Point snapshot() {
        return StatusTimeline.point(clock.instant(), metrics.receivedTotal(), metrics.scoredTotal(),
                metrics.deadLetteredTotal(), metrics.accuracyByVersion());
    }

    /** What the page shows now. */
    public LiveStatus status() {
        StatusTimeline.Point now = snapshot();
        return new LiveStatus(now.at(), health.get(), modelNode(), about, now, timeline.scoredPerSecond(Duration.ofSeconds(5)),
                timeline.points(), recent.newestFirst());
    }

    /** Adds each version's health before truth (issue #17) to {@code /api/status} as {@code "drift"}. */
    public void showDrift(DriftMetrics driftMetrics) {
        this.drift = driftMetrics;
    }

    /** Adds truth that arrives later (issue #12: joins, label delay, coverage) to {@code /api/status} as {@code "truth"}. */
    public void showTruth(TruthMetrics truthMetrics) {
        this.truth = truthMetrics;
    }

    /** Adds the challenger and its shadow-scoring counts (issue #13) to {@code /model} as {@code "challenger"}. */
    public void showChallenger(ChallengerModel challengerModel, ShadowSelection selection) {
        this.shadowSelection = selection;
        this.challenger = challengerModel;
    }

    /** {@code GET /api/status}. */
    public byte[] statusJson() {
        DriftMetrics d = drift;
        TruthMetrics t = truth;
        if (d == null && t == null) {
            return status().toJson();
        }
        ObjectNode root = status().toJsonNode();
        if (d != null) {
            root.set("drift", DriftJson.of(d.health()));
        }
        if (t != null) {
            root.set("truth", TruthJson.of(t));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /model}: the active model's facts as JSON, or null when none. */
    public byte[] modelJson() {
        ObjectNode node = modelNode();
        if (node == null) {
            return null;
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode modelNode() {
        ScoringModel model = activeModel.get();
        if (model == null) {
            return null;
        }
        PublishedModel p = model.published();
        ModelArtifact a = p.artifact();
        ObjectNode node = JSON.createObjectNode();
        node.put("model_name", p.name());
        node.put("model_version", p.version());
        // dims for the article's dense networks (as before), null for convolutional ones; architecture for both
        node.putPOJO("dims", a.isDenseOnly() ? a.shape().dims() : null);
        node.put("architecture", a.isOnnx() ? a.describeNetwork() : a.architecture().layerTokens());
        node.put("sha256", p.sha256());
        node.put("size_bytes", p.sizeBytes());
        node.put("published_at", p.publishedAt().toString());
        node.put("activated_at", model.activatedAt().toString());
        node.put("swapped_at", model.swappedAt().toString());
        node.put("signed", p.signed());
        if (p.keyId() != null) {
            node.put("key_id", p.keyId());
        }
        node.put("topic_offset", p.offset());
        ObjectNode input = node.putObject("input");
        input.put("image_size", a.input().imageSize());
        input.put("channels", a.input().channels());
        input.put("layout", a.input().layout());
        input.put("divisor", a.input().divisor());
        input.put("resize_filter", a.input().resizeFilter());
        input.put("standardisation", a.input().describeStandardisation());
        ObjectNode training = node.putObject("training");
        training.put("recipe", a.training().recipe());
        training.put("train_accuracy", a.training().trainAccuracy());
        training.put("test_accuracy", a.training().testAccuracy());
        training.put("created_at", a.training().createdAt() == null ? null : a.training().createdAt().toString());
        double accuracyHere = metrics.accuracy(p.version());
        node.put("accuracy_here", Double.isNaN(accuracyHere) ? null : accuracyHere);
        ObjectNode trial = challenger == null ? null : ShadowJson.of(challenger, shadowSelection);
        if (trial != null) { // absent without a challenger
            node.set("challenger", trial);
        }
        return node;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
