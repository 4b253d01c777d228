package io.catstream.bench;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.TopicReconciler;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.layered.LayeredNetwork;
import io.catstream.train.Recipe;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.registry.ModelPublisher;
import io.catstream.send.ImageSource;
import io.catstream.stream.ScoringTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * What the streaming benchmarks share ({@link StreamingBenchmark}, {@link SoakBenchmark}): the real photos, an
 * article-shape model ([49152,20,7,5,1], random weights) published on an embedded broker with the catalog's topics,
 * {@code catstream serve} in its own JVM with a capped heap, its {@code /metrics}, and its heap after a forced GC.
 */
final class ScorerRig implements AutoCloseable {

    static final String PREFIX = "bench.";
    static final String MODEL = "catstream";

    /** Heap of the scorer JVM, from its /metrics after {@code jcmd GC.run}. */
    record Heap(double usedMb, double committedMb, double liveMb, double maxMb) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f MB used, %.1f MB committed, live data after last GC %.1f MB, max %.0f MB",
                    usedMb, committedMb, liveMb, maxMb);
        }
    }

    final EmbeddedKafkaBroker broker;
    final KafkaSettings settings;
    final ScoringTopics topics;
    final ModelArtifact model;
    final Process scorer;
    final int httpPort;
    final Path log;

    private ScorerRig(EmbeddedKafkaBroker broker, ScoringTopics topics, ModelArtifact model, Process scorer, int httpPort, Path log) {
        this.broker = broker;
        this.settings = KafkaSettings.of(broker.bootstrapServers());
        this.topics = topics;
        this.model = model;
        this.scorer = scorer;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** One image to send: its bytes and, when its folder says, the truth for the {@code label} header. */
    record Photo(byte[] bytes, Boolean label) {
    }

    /** The photos of {@code data} (cats/ and random_images/), with their labels; prints their count and size. */
    static List<Photo> photos(Path data) throws IOException {
        List<Photo> photos = new ArrayList<>();
        for (ImageSource s : ImageSource.collect(List.of(data))) {
            photos.add(new Photo(Files.readAllBytes(s.file()), s.label()));
        }
        long photoBytes = photos.stream().mapToLong(p -> p.bytes().length).sum();
        System.out.printf(Locale.ROOT, "data: %d photos from %s, %.1f MB, mean %.1f kB%n", photos.size(), data,
                photoBytes / 1e6, photoBytes / 1e3 / photos.size());
        return photos;
    }

    /** The article network's shape with seeded random weights. */
    static ModelArtifact articleModel(long seed) {
        return ModelArtifact.of(MODEL, InputContract.rgb(128), TestModels.trainingFacts(),
                Parameters.initialize(NetworkShape.ARTICLE, seed));
    }

    /**
     * The recommended CNN's shape (the {@code cnn} recipe, batch normalisation folded: {@code conv32,pool,conv64,pool,
     * conv128,pool,dense128,dense1} on 64×64×3) with seeded random weights (He initialisation): for speed only, its
     * labels mean nothing.
     */
    static ModelArtifact randomRecommendedCnn(long seed) {
        LayeredNetwork network = LayeredNetwork.initialise(Recipe.CNN.architecture().withoutNormalisation(), seed);
        return ModelArtifact.of(MODEL, InputContract.rgb(network.architecture().input().height()), TestModels.trainingFacts(),
                Map.of("note", "random weights, for speed measurements only"), network.architecture(), network.parameters());
    }

    /**
     * {@code article} (the article network's shape, random weights), {@code random-cnn} ({@link #randomRecommendedCnn})
     * or a model file, named {@link #MODEL} as the scorer serves it.
     */
    static ModelArtifact benchModel(String which) {
        return switch (which) {
            case "article" -> articleModel(1);
            case "random-cnn" -> randomRecommendedCnn(1);
            default -> ModelCodec.read(Path.of(which)).withName(MODEL);
        };
    }

    /** {@link #start(ModelArtifact, String, List, List)} without extra JVM options. */
    static ScorerRig start(ModelArtifact model, String heap, List<String> serveArgs) throws Exception {
        return start(model, heap, List.of(), serveArgs);
    }

    /**
     * Starts a broker, creates the topics, publishes {@code model} as version 1 and runs {@code catstream serve} with
     * {@code -Xmx<heap>}, {@code jvmArgs} and {@code serveArgs}; returns once the scorer is healthy.
     */
    static ScorerRig start(ModelArtifact model, String heap, List<String> jvmArgs, List<String> serveArgs) throws Exception {
        return start(model, heap, List.of(), jvmArgs, serveArgs);
    }

    /** As above, the scorer's command prefixed by {@code launcher} (e.g. {@code taskset -c 1}). */
    static ScorerRig start(ModelArtifact model, String heap, List<String> launcher, List<String> jvmArgs,
                           List<String> serveArgs) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start();
        try {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            try (Admin admin = Admin.create(settings.clientConfig(Map.of()))) {
                new TopicReconciler(admin, TopicNames.withPrefix(PREFIX)).apply(TopicCatalog.builtIn());
            }
            ScoringTopics topics = ScoringTopics.of(TopicNames.withPrefix(PREFIX));
            try (ModelPublisher publisher = new ModelPublisher(settings, topics.modelWeights(), MODEL, null, Clock.systemUTC(),
                    Duration.ofSeconds(60))) {
                ModelPublisher.Published p = publisher.publish(ModelCodec.encode(model), true, "bench");
                System.out.printf(Locale.ROOT, "model: %s@%d %s, record %,d bytes%n", MODEL, p.model().version(), model.describeNetwork(),
                        p.recordBytes());
            }
            int httpPort = freePort();
            List<String> command = new ArrayList<>(launcher);
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseG1GC", "--add-modules", "jdk.incubator.vector"));
            command.addAll(jvmArgs);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.catstream.cli.Main", "serve",
                    "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX, "--model-name", MODEL,
                    "--application-id", "bench-scorer", "--http-port", Integer.toString(httpPort),
                    "--state-dir", Files.createTempDirectory("catstream-bench-state-").toString(),
                    "--live-view")); // as before #18: the benchmarks measured serve with its web view (thumbnails) on
            command.addAll(serveArgs);
            Path log = Files.createTempFile("catstream-bench-scorer-", ".log");
            Process scorer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ScorerRig rig = new ScorerRig(broker, topics, model, scorer, httpPort, log);
            long startWait = System.nanoTime();
            while (http(httpPort, "/health") != 200) {
                if (!scorer.isAlive() || System.nanoTime() - startWait > 120e9) {
                    rig.close();
                    throw new IllegalStateException("scorer did not become healthy; log: " + log + "\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "scorer: pid %d, -Xmx%s, %s, healthy after %.1f s%n", scorer.pid(), heap,
                    String.join(" ", serveArgs), (System.nanoTime() - startWait) / 1e9);
            return rig;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    Map<String, Double> scrape() throws IOException, InterruptedException {
        return scrape(httpPort);
    }

    /** {@code jcmd <scorer pid> command…}, e.g. {@code GC.run} or {@code JFR.start …}; returns its output. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(scorer.pid())));
        line.addAll(List.of(command));
        return jdkTool(line);
    }

    /** Runs a tool of this JDK ({@code line.get(0)}, e.g. jcmd, jstat) and returns its output. */
    private static String jdkTool(List<String> line) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(line);
        command.set(0, Path.of(System.getProperty("java.home"), "bin", line.get(0)).toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** Methods the scorer's JIT has compiled so far ({@code jstat -compiler}), -1 when jstat cannot tell. */
    long compiledMethods() throws IOException, InterruptedException {
        String[] lines = jdkTool(List.of("jstat", "-compiler", Long.toString(scorer.pid()))).strip().split("\n");
        try {
            return Long.parseLong(lines[lines.length - 1].strip().split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code jcmd <pid> GC.run}, then the heap from /metrics. */
    Heap heapAfterGc() throws Exception {
        jcmd("GC.run");
        Map<String, Double> m = scrape();
        double used = m.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(Map.Entry::getValue).sum();
        double committed = m.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_committed_bytes{area=\"heap\""))
                .mapToDouble(Map.Entry::getValue).sum();
        return new Heap(used / 1e6, committed / 1e6, m.getOrDefault("jvm_gc_live_data_size_bytes", Double.NaN) / 1e6,
                m.getOrDefault("jvm_gc_max_data_size_bytes", Double.NaN) / 1e6);
    }

    @Override
    public void close() {
        scorer.destroy();
        try {
            scorer.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker.close();
    }

    static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException e) {
                // skip
            }
        }
        return out;
    }

    static int http(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}
