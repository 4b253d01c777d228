package io.catstream.serve;

import io.catstream.kafka.RecordLimits;
import io.catstream.stream.DriftListener;
import io.catstream.stream.ScoreListener;
import io.catstream.stream.ScoringContext;
import io.catstream.stream.ScoringModel;
import io.catstream.stream.ScoringTopology;
import io.catstream.stream.StreamsErrorHandlers;
import io.catstream.web.Health;
import io.catstream.web.HealthChecks;
import io.catstream.web.HttpEndpoints;
import io.catstream.web.LiveView;
import io.catstream.image.ImageLimits;
import io.catstream.metrics.DriftMetrics;
import io.catstream.metrics.ScoringMetrics;
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
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
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
    /** How long {@link #close()} waits for the stream threads to commit and stop. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);


    private final ScoringConfig config;
    private final PrometheusMeterRegistry meters;
    private final ScoringContext context;
    private final Path stateDir;
    private final boolean ownStateDir;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;
    private final LiveView liveView;
    private final StoreRestoration restoration;
    private final ScorerProbes probes;
    private final StartupTimeline timeline;
    /** Null when the drift statistics are off ({@code --no-drift-statistics}). */
    private final DriftMetrics drift;
    private HttpEndpoints http;
    /** Whether {@link #start()} started the streams: one never started has joined no group and has none to leave. */
    private volatile boolean started;

    private ScoringApp(ScoringConfig config, Clock clock, StartupTimeline timeline) {
        this.config = config;
        this.timeline = timeline;
        this.restoration = new StoreRestoration(store -> timeline.mark("store " + store + " restored"));
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ScoringMetrics metrics = ScoringContext.metrics(meters, config.modelName(), clock);
        // the web view listens to the scorer; the scorer does not know it
        // without the live view nobody looks at thumbnails: keep none
        this.liveView = new LiveView(config.liveView() ? config.recentImages() : 0, metrics, this::activeModel, this::health, clock);
        this.drift = config.driftWindow() == null ? null : new DriftMetrics(meters, config.driftWindow(), clock);
        DriftListener driftListener = drift == null ? null : new DriftListener(config.modelName(), drift);
        this.context = ScoringContext.create(config.modelName(), limitsFittingHeap(config), config.engine(), config.verifyKey(),
                trustedControllerKeys(config), config.shadowFraction(), metrics, config.truthWindow(),
                ScoreListener.both(timeline, driftListener == null ? liveView.listener()
                        : ScoreListener.both(liveView.listener(), driftListener)), clock)
                .withGate(config.gate());
        context.registry().addListener(timeline); // after the ActiveModel: "model active" once it is prepared
        if (driftListener != null) {
            context.registry().addListener(driftListener); // after the ActiveModel: the reference of an accepted model
            liveView.showDrift(drift);
        }
        liveView.showTruth(context.truthMetrics());
        liveView.showChallenger(context.challenger(), context.shadowSelection());
        try {
            this.ownStateDir = config.stateDir() == null;
            this.stateDir = ownStateDir ? Files.createTempDirectory("catstream-streams-") : config.stateDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory: " + e.getMessage(), e);
        }
        Topology topology = ScoringTopology.build(config.topics(), config.accuracyWindow(), config.truthWindow(), context);
        LOG.debug("topology:\n{}", topology.describe());
        this.streams = new KafkaStreams(topology, streamsProperties(config, stateDir, context));
        streams.setGlobalStateRestoreListener(restoration);
        streams.setStateListener(timeline);
        this.probes = new ScorerProbes(streams::state, restoration, this::health);
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
        return start(config, clock, StartupTimeline.sinceJvmStart());
    }

    /** As above, adding its milestones to {@code timeline} (serve marks the ones before, as the cluster reachable). */
    public static ScoringApp start(ScoringConfig config, Clock clock, StartupTimeline timeline) {
        return create(config, clock, timeline).start();
    }

    /**
     * Builds the scorer (metrics registry, model registry, topology, {@link KafkaStreams} and its clients) without
     * contacting the cluster, so serve can build it while it waits for the cluster to answer (issue #18: both are
     * seconds of a restart, and neither needs the other). {@link #start()} starts it; {@link #close()} without a start
     * releases it.
     */
    public static ScoringApp create(ScoringConfig config, Clock clock, StartupTimeline timeline) {
        ScoringApp app = new ScoringApp(config, clock, timeline);
        timeline.mark("streams created");
        return app;
    }

    /** Starts the streams (the global model store restores first) and the HTTP endpoints; closes this app if that fails. */
    public ScoringApp start() {
        Optional<ClassDataArchive> archive = ClassDataArchive.fromLauncher();
        if (archive.isPresent()) { // the first start of this jar: warm up first, so the archive holds those classes too
            StartupWarmUp.run(timeline);
            archive.get().write();
            timeline.mark("class data archived");
        }
        started = true;
        try {
            streams.start();
            timeline.mark("streams started");
            liveView.startSampling();
            InetSocketAddress address = config.httpHost() == null ? new InetSocketAddress(config.httpPort())
                    : new InetSocketAddress(config.httpHost(), config.httpPort());
            http = HttpEndpoints.start(address, meters::scrape,
                    new HealthChecks(this::health, probes::live, probes::ready), liveView::modelJson,
                    config.liveView() ? liveView::statusJson : null);
            timeline.mark("http listening");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("scoring {} → {} with model '{}' ({}, {} threads, application id {}, instance id {}, {} standby "
                        + "replicas, state in {}), HTTP on port {}{}",
                config.topics().images(), config.topics().labels(), config.modelName(), config.guarantee(),
                config.streamThreads(), config.applicationId(),
                config.instanceId() == null ? "none (dynamic membership)" : config.instanceId(), config.standbyReplicas(),
                stateDir, httpPort(), config.liveView() ? " with the live view" : " (live view off)");
        return this;
    }

    /**
     * The image limits every stream thread can decode at once within this JVM's heap: a photo that would exhaust
     * the heap is dead-lettered as too-many-pixels instead of killing the thread that retries it forever.
     */
    /**
     * The controller keys the registry trusts: {@code --controller-key}'s, and the public half of the gate's own
     * signing key, so this scorer accepts the decisions its gate task writes (only with a verify key: without one,
     * nothing is checked).
     */
    static List<PublicKey> trustedControllerKeys(ScoringConfig config) {
        List<PublicKey> keys = new ArrayList<>(config.controllerKeys());
        if (config.gate().writes() && config.verifyKey() != null && !keys.contains(config.gate().signer().publicKey())) {
            keys.add(config.gate().signer().publicKey());
        }
        return keys;
    }

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
        extra.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        if (config.instanceId() != null) {
            // static membership (KIP-345): Kafka Streams makes it <id>-<thread index> per stream thread, so a restart
            // with the same id and thread count rejoins as the same members, with their partitions, at once
            extra.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
        }
        Duration commitInterval = config.effectiveCommitInterval();
        if (commitInterval != null) {
            extra.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        }
        // The only task with two inputs reads images p and image-truth p, which need no order between them (the
        // truth join takes either order), so waiting for the other input ("idling") means nothing here; with idling enabled (default 0) Kafka Streams 4.4's
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
        extra.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), RecordLimits.builtIn().imageRecordBytes());
        // the global store reads model records of ~8 MB; committed only (the publisher is transactional), and
        // without waiting 500 ms for the marker-only fetch that follows a publish (swap latency)
        extra.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        extra.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), RecordLimits.builtIn().modelFetchBytes());
        extra.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), RecordLimits.builtIn().modelFetchBytes());
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
        ScoringModel model = activeModel();
        if (model == null) {
            return new Health(false, "no version of model '" + config.modelName() + "' is active");
        }
        return new Health(true, "streams RUNNING, scoring with " + model.name() + "@" + model.version());
    }

    /** {@code /health/ready}: streams RUNNING, a model active and no store restoring. */
    public Health readiness() {
        return probes.ready();
    }

    /** {@code /health/live}: false only when Kafka Streams gave up (ERROR). */
    public Health liveness() {
        return probes.live();
    }

    /** The stores this instance restores from their changelogs. */
    public StoreRestoration restoration() {
        return restoration;
    }

    /** What the scorer shows people: the web view's timeline, recent images and JSON. */
    public LiveView liveView() {
        return liveView;
    }

    private ScoringModel activeModel() {
        return context.active().current();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The drift statistics and estimated accuracy, empty when they are off. */
    public java.util.Optional<DriftMetrics> drift() {
        return java.util.Optional.ofNullable(drift);
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
        liveView.close();
        if (http != null) {
            http.close();
        }
        long start = System.nanoTime();
        // a static member stays in the group on a plain close (its partitions wait for it); leaving hands them over
        boolean leave = started && config.leaveGroupOnClose();
        CloseOptions.GroupMembershipOperation membership = leave
                ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP;
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(membership).withTimeout(CLOSE_TIMEOUT));
        LOG.info("streams closed {} in {} ms ({})", closed ? "cleanly" : "NOT cleanly (timed out)",
                (System.nanoTime() - start) / 1_000_000,
                !started ? "never started" : leave ? "left the group" : "kept the group membership");
        if (closed) {
            context.active().close(); // no stream thread scores any more: release an ONNX Runtime session now
            context.challenger().close();
        }
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
