package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.serve.ScoringApp;
import io.catstream.serve.ScoringConfig;
import io.catstream.testsupport.EmbeddedBroker;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /health/ready} says no while the accuracy store restores from its changelog and yes after; {@code /health}
 * and {@code /health/live} answer beside it. A first scorer creates the store's changelog with real records; the test
 * then adds {@value #STORE_RECORDS} more windows (copies of a real record under other keys), and a second scorer with
 * an empty state directory must restore them all before it is ready.
 */
class ScorerReadinessIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final int STORE_RECORDS = 300_000;
    private static final String APPLICATION_ID = "ready-scorer";

    @Test
    void shouldNotBeReadyWhileTheAccuracyStoreRestoresAndBeReadyAfter() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "ready.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        // one-minute windows: the copied windows stay within the store's retention (3 windows) during the test
        ScoringConfig config = StreamTestKit.config(KAFKA.settings(), topics, APPLICATION_ID, null)
                .withAccuracyWindow(Duration.ofMinutes(1));
        String changelog = APPLICATION_ID + "-" + ScoringTopology.ACCURACY_STORE + "-changelog";

        try (ScoringApp first = ScoringApp.start(config.withStateDir(StreamTestKit.tempDir("ready-first-")))) {
            await().atMost(StreamTestKit.DEADLINE).until(() -> first.health().healthy());
            List<ProducerRecord<String, byte[]>> labelled = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("label", Integer.toString(i % 2).getBytes(StandardCharsets.UTF_8));
                labelled.add(new ProducerRecord<>(topics.images(), null, "ready-" + i, StreamFixtures.png(i), headers));
            }
            StreamTestKit.send(KAFKA.settings(), labelled);
            StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 20);
            // the accuracy deltas reach the window store at the scoring task's next forward (within a second)
            StreamTestKit.readCommitted(KAFKA.settings(), topics.accuracy(), 1);
        }
        ConsumerRecord<byte[], byte[]> real = readOneRaw(changelog);
        fillChangelog(changelog, real, StreamTestKit.partitions(KAFKA.settings(), changelog));

        List<String> answers = new ArrayList<>();
        try (ScoringApp second = ScoringApp.start(config.withStateDir(StreamTestKit.tempDir("ready-second-")))) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).until(() -> {
                HttpResponse<String> ready = StreamTestKit.get(second.httpPort(), "/health/ready");
                answers.add(ready.statusCode() + " " + ready.body().strip());
                return ready.statusCode() == 200;
            });
            List<String> restoring = answers.stream().filter(a -> a.startsWith("503 unavailable: restoring")).toList();
            System.out.printf("ready-it: %d answers of /health/ready, %d said restoring (first: %s), then: %s; %d records "
                            + "restored in %d store partition restorations%n", answers.size(), restoring.size(),
                    restoring.isEmpty() ? "-" : restoring.get(0), answers.get(answers.size() - 1),
                    second.restoration().restoredRecords(), second.restoration().restorationsStarted());

            assertThat(restoring).as("answers while restoring: %s", answers.subList(0, Math.min(answers.size(), 20))).isNotEmpty();
            assertThat(answers.get(answers.size() - 1)).startsWith("200 ok: streams RUNNING, scoring with cats@1");
            assertThat(second.restoration().restoredRecords()).isGreaterThanOrEqualTo(STORE_RECORDS);
            assertThat(second.restoration().inProgress()).isNull();
            assertThat(StreamTestKit.get(second.httpPort(), "/health").statusCode()).isEqualTo(200);
            assertThat(StreamTestKit.get(second.httpPort(), "/health/live").statusCode()).isEqualTo(200);
        }
    }

    /** One record of the changelog as bytes: its key is the windowed store key (key, window start, sequence number). */
    private static ConsumerRecord<byte[], byte[]> readOneRaw(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KAFKA.settings().clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            await().atMost(StreamTestKit.DEADLINE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
            });
            return got.get(0);
        }
    }

    /**
     * Writes {@value #STORE_RECORDS} copies of {@code real} into {@code partitions} partitions, each under its own
     * model key ({@code cats@<n>}) with {@code real}'s window start and sequence number (the key's last 12 bytes).
     */
    private static void fillChangelog(String topic, ConsumerRecord<byte[], byte[]> real, int partitions) {
        byte[] realKey = real.key();
        byte[] windowSuffix = Arrays.copyOfRange(realKey, realKey.length - 12, realKey.length);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.settings().clientConfig(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 1_048_576,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < STORE_RECORDS; i++) {
                byte[] name = (StreamTestKit.MODEL + "@" + (1000 + i)).getBytes(StandardCharsets.UTF_8);
                byte[] key = Arrays.copyOf(name, name.length + windowSuffix.length);
                System.arraycopy(windowSuffix, 0, key, name.length, windowSuffix.length);
                producer.send(new ProducerRecord<>(topic, i % partitions, real.timestamp(), key, real.value()));
            }
            producer.flush();
        }
    }
}
