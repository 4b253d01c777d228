package io.catstream.bench;

import io.catstream.image.ImagePreprocessor;
import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.TopicReconciler;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.SingleExampleForward;
import io.catstream.registry.ModelPublisher;
import io.catstream.stream.ImageSource;
import io.catstream.stream.ScoringTopics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scorer's throughput and latency on this machine, through a real broker: starts the embedded broker, publishes
 * an article-shape model ([49152,20,7,5,1], random weights), runs {@code catstream serve} in its own JVM (heap capped
 * with {@code -Xmx}), pushes real photos cycled from the article set and prints (a) images/s at max rate and
 * (b) end-to-end latency percentiles at a fixed rate, the scorer's heap after a GC, and where the time goes.
 * A command, not a test: {@code bench/streaming.sh [--images N] [--rate R] [--seconds S] [--threads T]
 * [--commit-interval D] [--scorer-heap 256m] [--guarantee exactly_once_v2] [--warmup 3000]}.
 */
public final class StreamingBenchmark {

    private static final String PREFIX = "bench.";
    private static final String MODEL = "catstream";

    private StreamingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        int images = Integer.parseInt(opts.getOrDefault("images", "6000"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        String threads = opts.getOrDefault("threads", "2");
        String commitInterval = opts.get("commit-interval");
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "3000"));
        String heap = opts.getOrDefault("scorer-heap", "256m");
        String guarantee = opts.getOrDefault("guarantee", "exactly_once_v2");
        Path data = Path.of(opts.getOrDefault("data", "../shared/data/article"));

        List<byte[]> photos = new ArrayList<>();
        for (ImageSource s : ImageSource.collect(List.of(data))) {
            photos.add(Files.readAllBytes(s.file()));
        }
        long photoBytes = photos.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "data: %d photos from %s, %.1f MB, mean %.1f kB%n", photos.size(), data,
                photoBytes / 1e6, photoBytes / 1e3 / photos.size());

        NetworkShape shape = NetworkShape.ARTICLE;
        ModelArtifact model = ModelArtifact.of(MODEL, InputContract.rgb(128), TestModels.trainingFacts(),
                Parameters.initialize(shape, 1));
        stageCosts(photos, model);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            try (Admin admin = Admin.create(settings.clientConfig(Map.of()))) {
                new TopicReconciler(admin, TopicNames.withPrefix(PREFIX)).apply(TopicCatalog.builtIn());
            }
            ScoringTopics topics = ScoringTopics.of(TopicNames.withPrefix(PREFIX));
            try (ModelPublisher publisher = new ModelPublisher(settings, topics.modelWeights(), MODEL, null, Clock.systemUTC(),
                    Duration.ofSeconds(60))) {
                ModelPublisher.Published p = publisher.publish(ModelCodec.encode(model), true, "bench");
                System.out.printf(Locale.ROOT, "model: %s@%d %s, record %,d bytes%n", MODEL, p.model().version(), shape, p.recordBytes());
            }

            int httpPort = freePort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseG1GC", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "io.catstream.cli.Main", "serve",
                    "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX, "--model-name", MODEL,
                    "--application-id", "bench-scorer", "--http-port", Integer.toString(httpPort), "--stream-threads", threads,
                    "--processing-guarantee", guarantee));
            if (commitInterval != null) {
                command.addAll(List.of("--commit-interval", commitInterval));
            }
            Path log = Files.createTempFile("catstream-bench-scorer-", ".log");
            Process scorer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long startWait = System.nanoTime();
                while (http(httpPort, "/health") != 200) {
                    if (!scorer.isAlive() || System.nanoTime() - startWait > 120e9) {
                        throw new IllegalStateException("scorer did not become healthy; log: " + log + "\n" + Files.readString(log));
                    }
                    Thread.sleep(100);
                }
                System.out.printf(Locale.ROOT, "scorer: pid %d, -Xmx%s, %s stream threads, %s, commit.interval %s, healthy after %.1f s%n",
                        scorer.pid(), heap, threads, guarantee, commitInterval == null ? "scorer default (50 ms with EOS)" : commitInterval,
                        (System.nanoTime() - startWait) / 1e9);

                // warm-up: JIT the scorer (C2 needs a few thousand images on 2 busy cores to finish the vector kernel)
                run(settings, topics, photos, warmup, 0, "warm-up", httpPort);
                Map<String, Double> before = scrape(httpPort);
                Result max = run(settings, topics, photos, images, 0, "(a) max rate", httpPort);
                Map<String, Double> afterMax = scrape(httpPort);
                Result fixed = run(settings, topics, photos, rate * seconds, rate, "(b) " + rate + " images/s", httpPort);
                Map<String, Double> afterFixed = scrape(httpPort);

                System.out.println();
                System.out.printf(Locale.ROOT, "(a) max rate: %,d images in %.2f s = %.0f images/s (produced at %.0f/s); "
                                + "latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (queueing included)%n",
                        max.count, max.seconds, max.count / max.seconds, max.produceRate, max.p(50), max.p(95), max.p(99));
                System.out.printf(Locale.ROOT, "(b) %d images/s: %,d images; produce → label visible (read_committed) p50 %.0f ms, "
                                + "p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        rate, fixed.count, fixed.p(50), fixed.p(95), fixed.p(99), fixed.p(100));
                System.out.printf(Locale.ROOT, "    scorer side (record timestamp → scored, histogram buckets): p50 ≤ %s, p95 ≤ %s, p99 ≤ %s%n",
                        bucketQuantile(afterMax, afterFixed, 0.50), bucketQuantile(afterMax, afterFixed, 0.95),
                        bucketQuantile(afterMax, afterFixed, 0.99));
                swap(settings, topics, photos, rate, model, httpPort);
                whereTimeGoes(before, afterMax, max);
                heap(scorer.pid(), httpPort);
                System.out.printf(Locale.ROOT, "dead letters: %.0f, scorer log: %s%n",
                        sum(afterFixed, "catstream_images_dead_lettered_total"), log);
            } finally {
                scorer.destroy();
                scorer.waitFor();
            }
        }
    }

    /** CPU time so far of the network thread of the load producer {@code clientId} (in this JVM, beside the broker). */
    private static long producerNetworkCpuNanos(String clientId) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals("kafka-producer-network-thread | " + clientId)) {
                cpu += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return cpu;
    }

    private static final String LOAD_PRODUCER_ID = "bench-load";

    record Result(int count, double seconds, double produceRate, double[] latenciesMs) {
        double p(double percentile) {
            if (latenciesMs.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(percentile / 100 * latenciesMs.length) - 1;
            return latenciesMs[Math.max(0, Math.min(latenciesMs.length - 1, i))];
        }
    }

    /** Sends {@code count} photos (cycled) at {@code rate}/s (0 = max) and waits until every label is visible. */
    static Result run(KafkaSettings settings, ScoringTopics topics, List<byte[]> photos, int count, int rate,
                              String name, int httpPort) throws Exception {
        double[] latencies = new double[count];
        AtomicInteger received = new AtomicInteger();
        AtomicBoolean ready = new AtomicBoolean();
        long[] lastReceived = new long[1];
        long[] readerCpu = new long[1];
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10)),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topics.labels()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                ready.set(true);
                long deadline = System.currentTimeMillis() + 600_000;
                while (received.get() < count && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        int i = received.getAndIncrement();
                        if (i < count) {
                            latencies[i] = now - r.timestamp();
                        }
                        lastReceived[0] = System.nanoTime();
                    }
                }
            }
            readerCpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }, "bench-reader");
        reader.start();
        while (!ready.get()) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long senderCpuStart = mx.getCurrentThreadCpuTime();
        long networkCpu = 0;
        String clientId = LOAD_PRODUCER_ID + "-" + name.replaceAll("[^A-Za-z0-9]", "");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, rate == 0 ? "5" : "0",
                ProducerConfig.BATCH_SIZE_CONFIG, "1048576", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "22020096")),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                if (rate > 0) {
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                producer.send(new ProducerRecord<>(topics.images(), name + "-" + i, photos.get(i % photos.size())));
            }
            producer.flush();
            networkCpu = producerNetworkCpuNanos(clientId);
        }
        long senderCpu = mx.getCurrentThreadCpuTime() - senderCpuStart;
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        reader.join();
        if (received.get() < count) {
            throw new IllegalStateException(name + ": only " + received.get() + " of " + count + " labels arrived");
        }
        double seconds = (lastReceived[0] - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%s: %,d images in %.2f s (%.0f images/s); load generator CPU: producer %.0f µs/image "
                        + "(send %.0f + network thread %.0f), %.0f%% of one core over the run; label reader %.0f µs/image%n", name, count,
                seconds, count / seconds, (senderCpu + networkCpu) / 1e3 / count, senderCpu / 1e3 / count,
                networkCpu / 1e3 / count, 100.0 * (senderCpu + networkCpu) / 1e9 / seconds, readerCpu[0] / 1e3 / count);
        return new Result(count, seconds, count / produceSeconds, latencies);
    }

    /** (c) A second article-size version published while images flow at {@code rate}/s: activation → first score. */
    private static void swap(KafkaSettings settings, ScoringTopics topics, List<byte[]> photos, int rate, ModelArtifact model,
                             int httpPort) throws Exception {
        Map<String, Double> before = scrape(httpPort);
        Thread traffic = new Thread(() -> {
            try {
                run(settings, topics, photos, rate * 4, rate, "(c) swap under " + rate + " images/s", httpPort);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        traffic.start();
        Thread.sleep(1000);
        ModelPublisher.Published v2;
        try (ModelPublisher publisher = new ModelPublisher(settings, topics.modelWeights(), MODEL, null, Clock.systemUTC(),
                Duration.ofSeconds(60))) {
            v2 = publisher.publish(ModelCodec.encode(ModelArtifact.of(MODEL, model.input(), model.training(),
                    Parameters.initialize(model.shape(), 2))), true, "bench swap");
        }
        traffic.join();
        Map<String, Double> after = scrape(httpPort);
        double seconds = delta(before, after, "catstream_model_swap_latency_seconds_sum");
        System.out.printf(Locale.ROOT, "(c) live swap to %s@%d (%,d-byte record) under %d images/s: activation → first image "
                        + "scored by it %.0f ms (publish write+commit %d ms)%n", MODEL, v2.model().version(), v2.recordBytes(), rate,
                seconds * 1000, v2.writeAndCommit().toMillis());
    }

    /** Single-threaded cost of each stage on these photos, in this JVM: decode, resize, scale, forward. */
    private static void stageCosts(List<byte[]> photos, ModelArtifact model) {
        ImagePreprocessor pre = new ImagePreprocessor(model.input().toPreprocessing(), io.catstream.image.ImageLimits.defaults());
        double[] features = new double[model.shape().inputSize()];
        double[][] ws = SingleExampleForward.workspace(model.shape());
        int n = Math.min(400, photos.size());
        for (int round = 0; round < 4; round++) { // rounds 0-2 warm up the JIT
            long decode = 0;
            long resize = 0;
            long all = 0;
            long forward = 0;
            for (int i = 0; i < n; i++) {
                byte[] photo = photos.get(i * 3 % photos.size());
                long t0 = System.nanoTime();
                pre.toUprightRgb(photo);
                long t1 = System.nanoTime();
                pre.toResizedRgb(photo);
                long t2 = System.nanoTime();
                pre.writeFeatures(photo, features, 0);
                long t3 = System.nanoTime();
                SingleExampleForward.probability(model.parameters(), features, ws);
                long t4 = System.nanoTime();
                decode += t1 - t0;
                resize += (t2 - t1) - (t1 - t0);
                all += t3 - t2;
                forward += t4 - t3;
            }
            if (round == 3) {
                double d = decode / 1e3 / n;
                double r = Math.max(0, resize / 1e3 / n);
                double scale = Math.max(0, all / 1e3 / n - d - r);
                double f = forward / 1e3 / n;
                System.out.printf(Locale.ROOT, "stage costs, one thread, %d photos: decode %.0f µs, resize %.0f µs, /255 %.0f µs, "
                        + "forward %.0f µs = %.0f µs per image → CPU bound at ~%.0f images/s per core%n", n, d, r, scale, f,
                        d + r + scale + f, 1e6 / (d + r + scale + f));
            }
        }
    }

    private static void whereTimeGoes(Map<String, Double> before, Map<String, Double> after, Result max) {
        double n = delta(before, after, "catstream_scoring_stage_seconds_count{stage=\"preprocess\"}");
        double pre = delta(before, after, "catstream_scoring_stage_seconds_sum{stage=\"preprocess\"}") / n * 1e6;
        double fwd = delta(before, after, "catstream_scoring_stage_seconds_sum{stage=\"forward\"}") / n * 1e6;
        double cpu = delta(before, after, "process_cpu_time_ns_total");
        System.out.printf(Locale.ROOT, "where the time goes at max rate (scorer timers, per image): preprocess (decode+resize+/255) "
                + "%.0f µs, forward %.0f µs; scoring threads busy %.0f%% of %d thread-seconds; everything else (Kafka "
                + "fetch/produce/transactions, GC) is the rest%n", pre, fwd,
                100 * n * (pre + fwd) / 1e6 / (max.seconds * 2), Math.round(max.seconds * 2));
        if (!Double.isNaN(cpu)) {
            System.out.printf(Locale.ROOT, "scorer process CPU: %.0f µs per image%n", cpu / 1e3 / n);
        }
    }

    private static void heap(long pid, int httpPort) throws Exception {
        Process gc = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        gc.waitFor();
        Map<String, Double> m = scrape(httpPort);
        double used = m.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(Map.Entry::getValue).sum();
        double committed = m.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_committed_bytes{area=\"heap\""))
                .mapToDouble(Map.Entry::getValue).sum();
        System.out.printf(Locale.ROOT, "scorer heap after GC (jcmd GC.run): %.1f MB used, %.1f MB committed, live data after "
                + "last GC %.1f MB, max %.0f MB (-Xmx)%n", used / 1e6, committed / 1e6,
                m.getOrDefault("jvm_gc_live_data_size_bytes", Double.NaN) / 1e6,
                m.getOrDefault("jvm_gc_max_data_size_bytes", Double.NaN) / 1e6);
    }

    /** Upper bound of the bucket holding quantile q of the end-to-end histogram, over the fixed-rate phase. */
    private static String bucketQuantile(Map<String, Double> before, Map<String, Double> after, double q) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = "catstream_end_to_end_seconds_bucket{le=\"";
        after.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String le = k.substring(prefix.length(), k.indexOf('"', prefix.length()));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.put(bound, v - before.getOrDefault(k, 0.0));
            }
        });
        double total = buckets.lastEntry().getValue();
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
            if (e.getValue() >= q * total) {
                return String.format(Locale.ROOT, "%.0f ms", e.getKey() * 1000);
            }
        }
        return "?";
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, Double.NaN) - before.getOrDefault(key, 0.0);
    }

    private static double sum(Map<String, Double> m, String name) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(name)).mapToDouble(Map.Entry::getValue).sum();
    }

    private static Map<String, Double> scrape(int port) throws IOException, InterruptedException {
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

    private static int http(int port, String path) {
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

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
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
