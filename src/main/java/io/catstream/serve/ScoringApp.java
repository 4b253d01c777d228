package io.catstream.serve;

import io.catstream.stream.ScoringContext;
import io.catstream.stream.ScoringModel;
import io.catstream.stream.ScoringTopology;
import io.catstream.stream.StreamsErrorHandlers;
import io.catstream.web.Health;
import io.catstream.web.HttpEndpoints;
import io.catstream.web.LiveStatus;
import io.catstream.web.RecentScores;
import io.catstream.web.StatusTimeline;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.image.ImageLimits;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.model.ModelArtifact;
import io.catstream.registry.PublishedModel;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scoring topology: owns the {@link KafkaStreams} instance, the metrics registry (with Kafka Streams' and
 * the JVM's meters) and the HTTP endpoints, and closes them in order. {@link #start} returns once the app is
 * started (the global model store restores first, then the stream threads run).
 */
public final class ScoringApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringApp.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Largest record the scorer writes: a dead-lettered 20 MiB image plus key and headers (topic's max.message.bytes). */
    public static final int MAX_RECORD_BYTES = 22_020_096;
    /** Largest model record read from {@code model-weights} (the topic's max.message.bytes plus room). */
    public static final int MAX_MODEL_FETCH_BYTES = 17_825_792;

    private final ScoringConfig config;
    private final PrometheusMeterRegistry meters;
    private final ScoringContext context;
    private final Path stateDir;
    private final boolean ownStateDir;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;
    private final StatusTimeline timeline = new StatusTimeline();
    private final Map<String, String> about = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler;
    private HttpEndpoints http;

    private ScoringApp(ScoringConfig config, Clock clock) {
        this.config = config;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.context = ScoringContext.create(config.modelName(), limitsFittingHeap(config), config.verifyKey(), meters,
                new RecentScores(config.recentImages()), clock);
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "catstream-status-sampler");
            t.setDaemon(true);
            return t;
        });
        try {
            this.ownStateDir = config.stateDir() == null;
            this.stateDir = ownStateDir ? Files.createTempDirectory("catstream-streams-") : config.stateDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory: " + e.getMessage(), e);
        }
        Topology topology = ScoringTopology.build(config.topics(), config.accuracyWindow(), context);
        LOG.debug("topology:\n{}", topology.describe());
        this.streams = new KafkaStreams(topology, streamsProperties(config, stateDir, context));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("a stream thread died (a bug or a broker problem); replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        new JvmMemoryMetrics().bindTo(meters);
        this.gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
    }

    /** Starts the streams and the HTTP endpoints. */
    public static ScoringApp start(ScoringConfig config) {
        return start(config, Clock.systemUTC());
    }

    public static ScoringApp start(ScoringConfig config, Clock clock) {
        ScoringApp app = new ScoringApp(config, clock);
        try {
            app.streams.start();
            app.sampler.scheduleAtFixedRate(app::sample, 0, 1, TimeUnit.SECONDS);
            app.http = HttpEndpoints.start(config.httpPort(), app.meters::scrape, app::health, app::modelJson, app::statusJson);
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        LOG.info("scoring {} → {} with model '{}' ({}, {} threads, application id {}), HTTP on port {}",
                config.topics().images(), config.topics().labels(), config.modelName(), config.guarantee(),
                config.streamThreads(), config.applicationId(), app.httpPort());
        return app;
    }

    /**
     * The image limits every stream thread can decode at once within this JVM's heap: a photo that would exhaust
     * the heap is dead-lettered as too-many-pixels instead of killing the thread that retries it forever.
     */
    static ImageLimits limitsFittingHeap(ScoringConfig config) {
        long maxHeap = Runtime.getRuntime().maxMemory();
        ImageLimits fitting = config.limits().fittingHeap(maxHeap, config.streamThreads());
        if (fitting.maxPixels() < config.limits().maxPixels()) {
            LOG.warn("--max-pixels {} lowered to {}: {} stream threads may each decode an image at up to {} bytes per "
                            + "pixel within half of the {} MB heap; give the JVM more heap (-Xmx) to accept larger images",
                    config.limits().maxPixels(), fitting.maxPixels(), config.streamThreads(),
                    ImageLimits.WORST_CASE_BYTES_PER_PIXEL, maxHeap >> 20);
        }
        return fitting;
    }

    /** Kafka Streams properties of {@code config}. */
    static Properties streamsProperties(ScoringConfig config, Path stateDir, ScoringContext context) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        extra.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.guarantee().config());
        extra.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        extra.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        Duration commitInterval = config.effectiveCommitInterval();
        if (commitInterval != null) {
            extra.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        }
        // Every task reads one partition (each sub-topology has one source topic), so waiting for other inputs
        // ("idling") means nothing here; with idling enabled (default 0) Kafka Streams 4.4's
        // PartitionGroup.readyToProcess String.formats a "fetched lag" line for every empty partition at every
        // check, trace off or not: 22 % of the scorer's allocated bytes in a JFR of bench/streaming.sh (a).
        extra.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        extra.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsErrorHandlers.Deserialization.class);
        extra.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsErrorHandlers.Processing.class);
        extra.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        extra.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsErrorHandlers.Production.class);
        extra.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetters());
        extra.put(StreamsErrorHandlers.METRICS_CONFIG, context.metrics());
        // a dead letter carries the original image: up to the images topic's 21 MiB
        extra.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_RECORD_BYTES);
        // the global store reads model records of ~8 MB; committed only (the publisher is transactional), and
        // without waiting 500 ms for the marker-only fetch that follows a publish (swap latency)
        extra.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        extra.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), MAX_MODEL_FETCH_BYTES);
        extra.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), MAX_MODEL_FETCH_BYTES);
        extra.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        extra.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
        Properties props = config.kafka().clientConfig(extra);
        INPUT_BUFFER_DEFAULTS.forEach(props::putIfAbsent);
        return props;
    }

    /**
     * How many images the scorer holds before scoring them. Kafka Streams' defaults (1,000 buffered records per
     * partition, 50 MB fetches) hold ~45 MB of 15 kB photos per partition: a backlog of photos threw
     * OutOfMemoryError in the benchmark's 256 MB scorer, and the replaced stream threads then scored ~4× slower.
     * With these, a stream thread holds at most about (fetch.max.bytes) + (partitions × 2 × 100 images): ~13 MB
     * of such photos, and a 100-image queue is still ~0.3 s of work per partition at 1,000 images/s. Records
     * larger than a fetch limit still come, one batch per fetch (KIP-74). A {@code --command-config} file may set
     * other values (docs/streaming.md, "Memory").
     */
    static final Map<String, Object> INPUT_BUFFER_DEFAULTS = Map.of(
            StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 100,
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 100,
            StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 4 * 1024 * 1024);

    public Health health() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Health(false, "streams are " + state);
        }
        ScoringModel model = context.active().current();
        if (model == null) {
            return new Health(false, "no version of model '" + config.modelName() + "' is active");
        }
        return new Health(true, "streams RUNNING, scoring with " + model.name() + "@" + model.version());
    }

    /** The active model's facts as JSON, or null when none. */
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

    /** Adds a line to the web view's "about" box (e.g. where the demo's images come from); null removes it. */
    public void describe(String key, String value) {
        if (value == null) {
            about.remove(key);
        } else {
            about.put(key, value);
        }
    }

    /** Takes one sample of the counters for the web view's timeline (the app does so every second). */
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
        ScoringMetrics m = context.metrics();
        return StatusTimeline.point(context.clock().instant(), m.receivedTotal(), m.scoredTotal(), m.deadLetteredTotal(),
                m.accuracyByVersion());
    }

    /** What the web view shows now. */
    public LiveStatus status() {
        StatusTimeline.Point now = snapshot();
        return new LiveStatus(now.at(), health(), modelNode(), about, now, timeline.scoredPerSecond(Duration.ofSeconds(5)),
                timeline.points(), context.recent().newestFirst());
    }

    public byte[] statusJson() {
        return status().toJson();
    }

    private ObjectNode modelNode() {
        ScoringModel model = context.active().current();
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
        node.put("architecture", a.architecture().layerTokens());
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
        node.put("accuracy_here", Double.isNaN(context.metrics().accuracy(p.version())) ? null
                : context.metrics().accuracy(p.version()));
        return node;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public ScoringContext context() {
        return context;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    public ScoringConfig config() {
        return config;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        if (http != null) {
            http.close();
        }
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        gcMetrics.close();
        meters.close();
        if (ownStateDir) {
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("could not delete {}: {}", dir, e.toString());
        }
    }
}
