package io.catstream.serve;

import io.catstream.stream.GateConfig;
import io.catstream.stream.ProcessingGuarantee;
import io.catstream.stream.ScoringContext;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.ShadowSelection;
import io.catstream.web.RecentScores;
import io.catstream.image.ImageLimits;
import io.catstream.kafka.KafkaSettings;
import io.catstream.metrics.DriftMetrics;
import io.catstream.model.ScoringEngine;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code catstream serve} needs, validated once at the edge (the CLI) and passed down.
 *
 * @param modelName        which model name of {@code model-weights} scores ({@code <name>@active})
 * @param applicationId    Kafka Streams {@code application.id}: instances with the same id split the partitions
 * @param guarantee        {@code processing.guarantee}
 * @param limits           image limits: larger images are dead-lettered before decoding
 * @param accuracyWindow   size of the tumbling windows of {@code model-accuracy}
 * @param httpPort         port of /metrics, /health, /model; 0 picks a free one
 * @param verifyKey        accept only models signed by this key; null accepts unsigned ones
 * @param stateDir         Kafka Streams {@code state.dir}; null for a fresh temporary directory
 * @param streamThreads    {@code num.stream.threads}
 * @param commitInterval   {@code commit.interval.ms}; null for {@link #effectiveCommitInterval()}: 25 ms with
 *                         exactly-once, Kafka's default (30 s) with at-least-once
 * @param recentImages     scored images (with thumbnails) the web view shows; 0 turns thumbnails off
 * @param instanceId       this instance's stable identity: the main consumers' {@code group.instance.id} (Kafka Streams
 *                         appends {@code -<thread index>} per stream thread), so a restart with the same id takes its
 *                         partitions back without waiting out the dead member's session; null for dynamic membership
 * @param standbyReplicas  {@code num.standby.replicas}: warm copies of each task's stores on other instances
 * @param httpHost         address the HTTP port binds to; null for every interface
 * @param liveView         serve the live web view ({@code /}, {@code /api/status}: recent images with thumbnails and ids)
 * @param leaveGroupOnClose on {@link ScoringApp#close()}, leave the consumer group so the other instances take the
 *                         partitions at once (a stop); false keeps the static membership for a quick restart
 * @param driftWindow      the sliding window of the drift statistics and estimated accuracy (docs/health.md); null
 *                         turns them off (to measure what they cost)
 * @param truthWindow      how long a prediction waits for its truth on {@code image-truth}, and truth for its
 *                         prediction (docs/truth.md)
 * @param engine           which engine scores catstream networks: {@code auto} (ONNX Runtime for networks with
 *                         convolutions, catstream's own for dense ones), {@code catstream} or {@code onnx-runtime};
 *                         imported ONNX models always run on ONNX Runtime (docs/onnx.md, "Which engine scores what")
 * @param controllerKeys   keys trusted beside {@code verifyKey} for pointers and decisions (the promotion gate's,
 *                         {@code --controller-key}); empty for none; needs a verify key
 * @param shadowFraction   share of images the challenger shadow-scores, chosen by a hash of the image id
 *                         ({@code --shadow-fraction}, docs/gate.md "Shadow scoring")
 * @param gate             the gate task's settings and the controller's signing key ({@code --controller-signing-key});
 *                         without the key the gate counts and exports metrics but writes no decision (docs/gate.md)
 */
public record ScoringConfig(KafkaSettings kafka, ScoringTopics topics, String modelName, String applicationId,
                            ProcessingGuarantee guarantee, ImageLimits limits, Duration accuracyWindow, int httpPort,
                            PublicKey verifyKey, Path stateDir, int streamThreads, Duration commitInterval,
                            int recentImages, String instanceId, int standbyReplicas, String httpHost, boolean liveView,
                            boolean leaveGroupOnClose, Duration driftWindow, Duration truthWindow,
                            ScoringEngine engine, List<PublicKey> controllerKeys, ShadowSelection shadowFraction,
                            GateConfig gate) {

    public static final String DEFAULT_APPLICATION_ID = "catstream-scorer";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Duration DEFAULT_ACCURACY_WINDOW = Duration.ofMinutes(1);
    /**
     * {@code commit.interval.ms} under exactly-once unless set: a label becomes visible to {@code read_committed}
     * readers only when its transaction commits, so the interval is added to the visible latency (up to one
     * interval, half on average). Kafka's 100 ms alone puts p99 over the 100 ms goal at 200 images/s, and 50 ms
     * left it at 93–107 ms (4 runs); 25 ms gave 62–99 ms (11 runs) at a median of 1,015 images/s (the extra
     * transactions cost ~3 %; docs/streaming.md, performance).
     */
    public static final Duration DEFAULT_EXACTLY_ONCE_COMMIT_INTERVAL = Duration.ofMillis(25);

    public ScoringConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(guarantee, "guarantee");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(engine, "engine");
        gate = gate == null ? GateConfig.COUNT_ONLY : gate;
        if (modelName == null || !modelName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw new IllegalArgumentException("invalid value '" + modelName + "' for the model name: 1-128 letters, digits, "
                    + "'.', '_' or '-' (as in the model file)");
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("invalid value '" + applicationId + "' for the application id: letters, "
                    + "digits, '.', '_' or '-' (it prefixes internal topic names)");
        }
        if (accuracyWindow == null || accuracyWindow.isNegative() || accuracyWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("invalid value " + accuracyWindow + " for the accuracy window: at least 1 s");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("invalid value " + httpPort + " for the HTTP port: 0 (any free port) to 65535");
        }
        if (streamThreads < 1 || streamThreads > 64) {
            throw new IllegalArgumentException("invalid value " + streamThreads + " for the stream threads: 1 to 64");
        }
        if (recentImages < 0 || recentImages > 1000) {
            throw new IllegalArgumentException("invalid value " + recentImages + " for the recent images: 0 (off) to 1000");
        }
        if (driftWindow != null && driftWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("invalid value " + driftWindow + " for the drift window: at least 1 s");
        }
        if (truthWindow == null || truthWindow.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("invalid value " + truthWindow + " for the truth window: at least 1 s");
        }
        if (commitInterval != null && (commitInterval.isNegative() || commitInterval.isZero())) {
            throw new IllegalArgumentException("invalid value " + commitInterval + " for the commit interval: must be positive");
        }
        if (instanceId != null && !instanceId.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("invalid value '" + instanceId + "' for the instance id: 1-200 letters, digits, "
                    + "'.', '_' or '-', the same on every restart of this instance and different from every other instance");
        }
        if (standbyReplicas < 0 || standbyReplicas > 10) {
            throw new IllegalArgumentException("invalid value " + standbyReplicas + " for the standby replicas: 0 to 10");
        }
        controllerKeys = List.copyOf(Objects.requireNonNull(controllerKeys, "controllerKeys"));
        if (!controllerKeys.isEmpty() && verifyKey == null) {
            throw new IllegalArgumentException("controller keys need a verify key: without the trainer's key no signature is checked at all");
        }
        Objects.requireNonNull(shadowFraction, "shadowFraction");
        if (httpHost != null && httpHost.isBlank()) {
            throw new IllegalArgumentException("invalid value '' for the HTTP host: an address or host name, or none for every interface");
        }
    }

    /** The commit interval to configure: the one given, else 25 ms with exactly-once, else null (Kafka's default). */
    public Duration effectiveCommitInterval() {
        if (commitInterval != null) {
            return commitInterval;
        }
        return guarantee == ProcessingGuarantee.EXACTLY_ONCE_V2 ? DEFAULT_EXACTLY_ONCE_COMMIT_INTERVAL : null;
    }

    /**
     * Defaults for everything but the cluster: model {@code catstream}, exactly-once, 1-minute windows, port 8080 on
     * every interface, the live view on, dynamic membership, a temporary state directory, no standbys. {@code serve}
     * changes the last three for production (cli.ServeCommand); tests and the demo keep them.
     */
    public static ScoringConfig defaults(KafkaSettings kafka) {
        return new ScoringConfig(kafka, ScoringTopics.defaults(), "catstream", DEFAULT_APPLICATION_ID,
                ProcessingGuarantee.EXACTLY_ONCE_V2, ImageLimits.defaults(), DEFAULT_ACCURACY_WINDOW, DEFAULT_HTTP_PORT, null,
                null, Math.min(Runtime.getRuntime().availableProcessors(), 6), null, RecentScores.DEFAULT_CAPACITY, null, 0, null,
                true, true, DriftMetrics.DEFAULT_WINDOW,
                ScoringContext.DEFAULT_TRUTH_WINDOW, ScoringEngine.AUTO, List.of(), ShadowSelection.ALL, GateConfig.COUNT_ONLY);
    }

    /** A builder holding this config's values, to change a few and {@link Builder#build()} (validated) again. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public ScoringConfig withTopics(ScoringTopics newTopics) {
        return toBuilder().topics(newTopics).build();
    }

    public ScoringConfig withApplicationId(String id) {
        return toBuilder().applicationId(id).build();
    }

    public ScoringConfig withModelName(String name) {
        return toBuilder().modelName(name).build();
    }

    public ScoringConfig withHttpPort(int port) {
        return toBuilder().httpPort(port).build();
    }

    public ScoringConfig withStateDir(Path dir) {
        return toBuilder().stateDir(dir).build();
    }

    public ScoringConfig withVerifyKey(PublicKey key) {
        return toBuilder().verifyKey(key).build();
    }

    public ScoringConfig withLimits(ImageLimits newLimits) {
        return toBuilder().limits(newLimits).build();
    }

    public ScoringConfig withAccuracyWindow(Duration window) {
        return toBuilder().accuracyWindow(window).build();
    }

    public ScoringConfig withStreamThreads(int threads) {
        return toBuilder().streamThreads(threads).build();
    }

    public ScoringConfig withCommitInterval(Duration interval) {
        return toBuilder().commitInterval(interval).build();
    }

    public ScoringConfig withRecentImages(int count) {
        return toBuilder().recentImages(count).build();
    }

    public ScoringConfig withGuarantee(ProcessingGuarantee g) {
        return toBuilder().guarantee(g).build();
    }

    /**
     * The one place that lists every component in order: {@code withX} and the CLI go through it, so a new setting
     * is added here, as a component and as a setter, and nowhere else.
     */
    public static final class Builder {
        private KafkaSettings kafka;
        private ScoringTopics topics;
        private String modelName;
        private String applicationId;
        private ProcessingGuarantee guarantee;
        private ImageLimits limits;
        private Duration accuracyWindow;
        private int httpPort;
        private PublicKey verifyKey;
        private Path stateDir;
        private int streamThreads;
        private Duration commitInterval;
        private int recentImages;
        private String instanceId;
        private int standbyReplicas;
        private GateConfig gate = GateConfig.COUNT_ONLY;
        private String httpHost;
        private boolean liveView;
        private boolean leaveGroupOnClose;
        private Duration driftWindow;
        private Duration truthWindow;
        private ScoringEngine engine;
        private List<PublicKey> controllerKeys;
        private ShadowSelection shadowFraction;

        private Builder(ScoringConfig c) {
            this.kafka = c.kafka;
            this.topics = c.topics;
            this.modelName = c.modelName;
            this.applicationId = c.applicationId;
            this.guarantee = c.guarantee;
            this.limits = c.limits;
            this.accuracyWindow = c.accuracyWindow;
            this.httpPort = c.httpPort;
            this.verifyKey = c.verifyKey;
            this.stateDir = c.stateDir;
            this.streamThreads = c.streamThreads;
            this.commitInterval = c.commitInterval;
            this.recentImages = c.recentImages;
            this.instanceId = c.instanceId;
            this.standbyReplicas = c.standbyReplicas;
            this.gate = c.gate;
            this.httpHost = c.httpHost;
            this.liveView = c.liveView;
            this.leaveGroupOnClose = c.leaveGroupOnClose;
            this.driftWindow = c.driftWindow;
            this.truthWindow = c.truthWindow;
            this.engine = c.engine;
            this.controllerKeys = c.controllerKeys;
            this.shadowFraction = c.shadowFraction;
        }

        public Builder kafka(KafkaSettings value) {
            this.kafka = value;
            return this;
        }

        public Builder topics(ScoringTopics value) {
            this.topics = value;
            return this;
        }

        public Builder modelName(String value) {
            this.modelName = value;
            return this;
        }

        public Builder applicationId(String value) {
            this.applicationId = value;
            return this;
        }

        public Builder guarantee(ProcessingGuarantee value) {
            this.guarantee = value;
            return this;
        }

        public Builder limits(ImageLimits value) {
            this.limits = value;
            return this;
        }

        public Builder accuracyWindow(Duration value) {
            this.accuracyWindow = value;
            return this;
        }

        public Builder httpPort(int value) {
            this.httpPort = value;
            return this;
        }

        public Builder verifyKey(PublicKey value) {
            this.verifyKey = value;
            return this;
        }

        public Builder stateDir(Path value) {
            this.stateDir = value;
            return this;
        }

        public Builder streamThreads(int value) {
            this.streamThreads = value;
            return this;
        }

        public Builder commitInterval(Duration value) {
            this.commitInterval = value;
            return this;
        }

        public Builder recentImages(int value) {
            this.recentImages = value;
            return this;
        }

        public Builder instanceId(String value) {
            this.instanceId = value;
            return this;
        }

        public Builder gate(GateConfig value) {
            this.gate = value;
            return this;
        }

        public Builder standbyReplicas(int value) {
            this.standbyReplicas = value;
            return this;
        }

        public Builder httpHost(String value) {
            this.httpHost = value;
            return this;
        }

        public Builder liveView(boolean value) {
            this.liveView = value;
            return this;
        }

        public Builder leaveGroupOnClose(boolean value) {
            this.leaveGroupOnClose = value;
            return this;
        }

        /** null turns the drift statistics off. */
        public Builder driftWindow(Duration value) {
            this.driftWindow = value;
            return this;
        }

        public Builder truthWindow(Duration value) {
            this.truthWindow = value;
            return this;
        }

        public Builder engine(ScoringEngine value) {
            this.engine = value;
            return this;
        }

        public Builder controllerKeys(List<PublicKey> value) {
            this.controllerKeys = value;
            return this;
        }

        public Builder shadowFraction(ShadowSelection value) {
            this.shadowFraction = value;
            return this;
        }

        /** The config, validated; {@link IllegalArgumentException} names the bad value. */
        public ScoringConfig build() {
            return new ScoringConfig(kafka, topics, modelName, applicationId, guarantee, limits, accuracyWindow, httpPort, verifyKey, stateDir, streamThreads, commitInterval, recentImages,
                    instanceId, standbyReplicas, httpHost, liveView, leaveGroupOnClose, driftWindow, truthWindow, engine,
                    controllerKeys, shadowFraction, gate);
        }
    }
}
