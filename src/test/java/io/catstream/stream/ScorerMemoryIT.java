package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.EmbeddedBroker;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code catstream serve} in its own JVM with {@code -Xmx128m}, where running out of heap is what must not happen: a
 * stream thread that throws OutOfMemoryError is replaced, retries the same record, and a record that always exhausts
 * the heap would stop its partition for good.
 */
class ScorerMemoryIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final int IMAGES = 6000;
    private static final int DISTINCT = 40;

    /**
     * 180 MB of images (6,000 noise JPEGs of ~30 kB) wait before the scorer starts. With Kafka Streams' default input
     * buffering (1,000 records per partition, 50 MB fetches) such a backlog threw OutOfMemoryError in the stream
     * threads (found in bench/streaming.sh with 30,000 photos and 256 MB); bounded buffers must work it off.
     */
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
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            byte[] image = images.get(i % DISTINCT);
            records.add(new ProducerRecord<>(topics.images(), "backlog-" + i, image));
            backlogBytes += image.length;
            sent.add("backlog-" + i);
        }
        StreamTestKit.send(KAFKA.settings(), records);
        assertThat(backlogBytes).as("the backlog is larger than the scorer's heap").isGreaterThan(128L << 20);

        Scored scored = scoreWith128Megabytes("backlog", topics, sent);

        System.out.printf("backlog: %,d images, %.0f MB; %s%n", IMAGES, backlogBytes / 1e6, scored.outcomes().summary(sent));
        assertThat(scored.log()).doesNotContain("OutOfMemoryError").doesNotContain("stream thread died");
        assertThat(scored.outcomes().missing(sent)).isEmpty();
        assertThat(scored.outcomes().duplicates()).isEmpty();
        assertThat(scored.outcomes().labels()).hasSize(IMAGES);
    }

    /**
     * A 36-megapixel JPEG (uniform, so its file is small) is within the default {@code --max-pixels} of 40 M, but its
     * decode needs up to ~250 MB: the scorer must lower the pixel limit to what its heap holds and dead-letter it.
     */
    @Test
    void shouldDeadLetterAnImageWhoseDecodeWouldNotFitTheHeapAndScoreTheRest() throws IOException {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "huge.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        byte[] huge = StreamFixtures.image(6000, 6000, Color.GRAY, Color.DARK_GRAY, "jpg");
        List<String> sent = new ArrayList<>(List.of("huge"));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(List.of(new ProducerRecord<>(topics.images(), "huge", huge)));
        for (int i = 0; i < 20; i++) {
            records.add(new ProducerRecord<>(topics.images(), "small-" + i, StreamFixtures.jpeg(i)));
            sent.add("small-" + i);
        }
        StreamTestKit.send(KAFKA.settings(), records);

        Scored scored = scoreWith128Megabytes("huge", topics, sent);

        System.out.printf("huge image: %,d bytes; %s%n", huge.length, scored.outcomes().summary(sent));
        assertThat(scored.log()).doesNotContain("OutOfMemoryError").doesNotContain("stream thread died")
                .contains("--max-pixels");
        assertThat(scored.outcomes().missing(sent)).isEmpty();
        assertThat(scored.outcomes().deadLetters()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("huge");
            assertThat(DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER)).isEqualTo("too-many-pixels");
        });
        assertThat(scored.outcomes().labels()).hasSize(20);
    }

    private record Scored(ExactlyOnceAudit.Outcomes outcomes, String log) {
    }

    /** Runs {@code serve -Xmx128m} (2 stream threads) until every one of {@code sent} has an outcome, then stops it. */
    private static Scored scoreWith128Megabytes(String name, ScoringTopics topics, List<String> sent) throws IOException {
        Path work = StreamTestKit.tempDir(name + "-it"); // fresh: the log is appended to and read back
        ScorerProcess scorer = ScorerProcess.start("128m", work.resolve("scorer.log"), List.of(
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", name + ".",
                "--model-name", StreamTestKit.MODEL, "--application-id", name + "-scorer",
                "--state-dir", work.resolve("state").toString(), "--stream-threads", "2"));
        try {
            scorer.awaitHealthy(Duration.ofSeconds(90));
            ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(240));
            return new Scored(outcomes, Files.readString(scorer.log()));
        } finally {
            scorer.close();
        }
    }
}
