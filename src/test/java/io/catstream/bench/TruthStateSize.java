package io.catstream.bench;

import io.catstream.image.ImageLimits;
import io.catstream.registry.RegistryFixtures;
import io.catstream.stream.ScoreListener;
import io.catstream.stream.ScoringContext;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.ScoringTopology;
import io.catstream.stream.StreamFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * How much state the truth join keeps per image in its window (issue #12: "the join state size per hour of window
 * at 1,000 images/s"): the scoring topology on {@link TopologyTestDriver} with its real RocksDB stores, N images
 * scored (ids are UUIDs, 36 bytes, as a producer that does not use file names would make) and truth for a fraction
 * of them, all inside one truth window (the driver's wall clock does not move, so nothing expires: the state an
 * hour of window holds at steady state). Measured: the RocksDB files of both join stores after a flush, and the bytes written to their changelog topics (key + value, before compaction and batching).
 * Usage: bench/truth-state.sh [--images 200000] [--truth-fraction 0.6]
 */
public final class TruthStateSize {

    private static final ScoringTopics TOPICS = ScoringTopics.defaults();
    private static final String APP = "truth-state";
    /** The join's stores (TruthJoinProcessor's names; docs/truth.md). */
    private static final String PREDICTIONS_STORE = "truth-join-predictions";
    private static final String TRUTH_STORE = "truth-join-truth";

    private TruthStateSize() {
    }

    public static void main(String[] args) throws IOException {
        int images = 200_000;
        double truthFraction = 0.6;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[i + 1]);
                case "--truth-fraction" -> truthFraction = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: bench/truth-state.sh [--images 200000] [--truth-fraction 0.6]");
            }
        }
        Path stateDir = Files.createTempDirectory("catstream-truth-state");
        try {
            measure(images, truthFraction, stateDir);
        } finally {
            delete(stateDir);
        }
    }

    private static void measure(int images, double truthFraction, Path stateDir) {
        Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
        Duration truthWindow = Duration.ofHours(1);
        ScoringContext context = ScoringContext.create("cats", ImageLimits.defaults(), null,
                ScoringContext.metrics(new SimpleMeterRegistry(), "cats", Clock.systemUTC()), truthWindow,
                ScoreListener.NONE, Clock.systemUTC());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        long predictionChangelog = 0;
        long truthChangelog = 0;
        long predictionRecords = 0;
        long truthRecords = 0;
        int truths = 0;
        long predictionFiles;
        long truthFiles;
        long start = System.nanoTime();
        Map<String, Long> live = new HashMap<>(); // the last record per key: what a compacted changelog keeps
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ScoringTopology.build(TOPICS, Duration.ofMinutes(10), truthWindow, context), props, t0)) {
            TestInputTopic<String, byte[]> models = driver.createInputTopic(TOPICS.modelWeights(), new StringSerializer(),
                    new ByteArraySerializer());
            for (ProducerRecord<String, byte[]> r : StreamFixtures.published(TOPICS.modelWeights(), "cats", 1,
                    RegistryFixtures.smallModel("cats", 7), t0, true, null)) {
                models.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), t0));
            }
            TestInputTopic<String, byte[]> imageTopic = driver.createInputTopic(TOPICS.images(), new StringSerializer(),
                    new ByteArraySerializer(), t0, Duration.ofMillis(1));
            TestInputTopic<String, byte[]> truthTopic = driver.createInputTopic(TOPICS.truth(), new StringSerializer(),
                    new ByteArraySerializer(), t0, Duration.ofMillis(1));
            String predictionsLog = changelog(PREDICTIONS_STORE);
            String truthLog = changelog(TRUTH_STORE);
            List<byte[]> photos = IntStream.range(0, 32).mapToObj(StreamFixtures::png).toList();
            Random random = new Random(12);
            byte[] truthValue = "{\"is_cat\":true,\"source\":\"moderator\",\"at\":\"2026-12-02T10:00:05Z\"}"
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < images; i++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                imageTopic.pipeInput(id, photos.get(i & 31));
                if (random.nextDouble() < truthFraction) {
                    truthTopic.pipeInput(id, truthValue);
                    truths++;
                }
                if ((i + 1) % 20_000 == 0 || i + 1 == images) {
                    // read every captured output as we go, or the driver holds all of it in memory
                    for (String topic : driver.producedTopicNames()) {
                        List<TestRecord<String, byte[]>> records = driver.createOutputTopic(topic, new StringDeserializer(),
                                new ByteArrayDeserializer()).readRecordsToList();
                        if (topic.equals(predictionsLog)) {
                            predictionRecords += records.size();
                            predictionChangelog += records.stream().mapToLong(TruthStateSize::bytes).sum();
                        } else if (topic.equals(truthLog)) {
                            truthRecords += records.size();
                            truthChangelog += records.stream().mapToLong(TruthStateSize::bytes).sum();
                        }
                        if (topic.equals(predictionsLog) || topic.equals(truthLog)) {
                            records.forEach(r -> live.put(topic.length() + ":" + r.key(), r.value() == null ? 0 : bytes(r)));
                        }
                    }
                    System.out.printf("%,d images scored, %,d truth records, %.0f s%n", i + 1, truths,
                            (System.nanoTime() - start) / 1e9);
                }
            }
            // the memtables to files (the driver deletes its state directory when it closes, so measure now)
            driver.getKeyValueStore(PREDICTIONS_STORE).flush();
            driver.getKeyValueStore(TRUTH_STORE).flush();
            predictionFiles = size(stateDir, PREDICTIONS_STORE);
            truthFiles = size(stateDir, TRUTH_STORE);
        }
        if (predictionFiles == 0) {
            throw new IllegalStateException("no RocksDB files of '" + PREDICTIONS_STORE + "' under " + stateDir
                    + ": has the store been renamed? (TruthJoinProcessor)");
        }
        double perImageDisk = (predictionFiles + truthFiles) / (double) images;
        double perImageLog = (predictionChangelog + truthChangelog) / (double) images;
        double perImageLive = live.values().stream().mapToLong(Long::longValue).sum() / (double) images;
        double hour = 3_600_000; // images in an hour at 1,000 images/s
        System.out.printf("%n%,d images (UUID ids), truth for %,d (%.0f %%), one truth window, nothing expired%n", images,
                truths, 100.0 * truths / images);
        System.out.printf("RocksDB files after flush: %s %,d bytes, %s %,d bytes = %.1f bytes per image%n",
                PREDICTIONS_STORE, predictionFiles, TRUTH_STORE, truthFiles, perImageDisk);
        System.out.printf("changelog writes (key + value): %,d records %,d bytes, %,d records %,d bytes = %.1f bytes per image%n",
                predictionRecords, predictionChangelog, truthRecords, truthChangelog, perImageLog);
        System.out.printf("changelogs once compacted (the last record per key): %.1f bytes per image%n", perImageLive);
        System.out.printf("per hour of truth window at 1,000 images/s (3.6 M images): RocksDB %.2f GB, changelogs %.2f GB "
                + "compacted (%.2f GB written), spread over the 6 tasks%n", perImageDisk * hour / 1e9,
                perImageLive * hour / 1e9, perImageLog * hour / 1e9);
    }

    private static String changelog(String store) {
        return APP + "-" + store + "-changelog";
    }

    private static long bytes(TestRecord<String, byte[]> r) {
        return r.key().getBytes(StandardCharsets.UTF_8).length + (r.value() == null ? 0 : r.value().length);
    }

    private static long size(Path stateDir, String store) {
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().contains("/" + store + "/"))
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
