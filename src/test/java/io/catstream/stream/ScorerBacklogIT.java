package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backlog larger than the scorer's heap: {@code catstream serve} starts in its own JVM with {@code -Xmx128m} after
 * 180 MB of images (6,000 noise JPEGs of ~30 kB) are already waiting. With Kafka Streams' default input buffering (1,000 records per partition,
 * 50 MB fetches) such a backlog threw OutOfMemoryError in the stream threads (found in bench/streaming.sh with 30,000
 * photos and 256 MB); the scorer must work it off with bounded buffers, exactly once and without a thread dying.
 */
class ScorerBacklogIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final int IMAGES = 6000;
    private static final int DISTINCT = 40;

    @Test
    void shouldWorkOffABacklogLargerThanItsHeapWithoutRunningOutOfMemory() throws IOException {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "backlog.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < DISTINCT; i++) {
            images.add(StreamFixtures.noise(256, 192, i, "jpg"));
        }
        long backlogBytes = 0;
        List<String> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.settings().clientConfig(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 1_048_576)),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < IMAGES; i++) {
                byte[] image = images.get(i % DISTINCT);
                producer.send(new ProducerRecord<>(topics.images(), "backlog-" + i, image));
                backlogBytes += image.length;
                sent.add("backlog-" + i);
            }
        }
        assertThat(backlogBytes).as("the backlog is larger than the scorer's heap").isGreaterThan(128L << 20);

        Path work = StreamTestKit.tempDir("backlog-it"); // fresh: the log is appended to and read back
        ScorerProcess scorer = ScorerProcess.start("128m", work.resolve("scorer.log"), List.of(
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", "backlog.",
                "--model-name", StreamTestKit.MODEL, "--application-id", "backlog-scorer",
                "--state-dir", work.resolve("state").toString(), "--stream-threads", "2"));
        ExactlyOnceAudit.Outcomes outcomes;
        try {
            scorer.awaitHealthy(Duration.ofSeconds(90));
            outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(240));
        } finally {
            scorer.close();
        }
        String log = Files.readString(scorer.log());

        System.out.printf("backlog: %,d images, %.0f MB; %s%n", IMAGES, backlogBytes / 1e6, outcomes.summary(sent));
        assertThat(log).as("scorer log %s", scorer.log()).doesNotContain("OutOfMemoryError").doesNotContain("stream thread died");
        assertThat(outcomes.missing(sent)).isEmpty();
        assertThat(outcomes.duplicates()).isEmpty();
        assertThat(outcomes.labels()).hasSize(IMAGES);
    }
}
