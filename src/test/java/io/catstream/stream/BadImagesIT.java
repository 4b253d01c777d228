package io.catstream.stream;

import io.catstream.serve.ScoringApp;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.image.HostileImages;
import io.catstream.testsupport.EmbeddedBroker;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile image corpus ({@link HostileImages}: empty, random bytes, every format truncated at five points,
 * decompression bombs in PNG, JPEG and GIF, CMYK/YCCK JPEG, 16-bit, palette and grey+alpha PNG, animated GIF, 1×1
 * and 10000×10, BMP headers claiming 1.35 GB) through a running scorer on a real broker with the default limits: each input is labelled or
 * dead-lettered with its documented reason, exactly once, the app keeps running, and the bombs are refused from
 * their headers: the stream threads allocate far less while refusing all of them than one bomb's pixels would take.
 */
class BadImagesIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    /** The smallest bomb of the corpus (8000×6000) would need 144 MB of 8-bit RGB pixels; the BMP ones 1.35 GB. */
    private static final long BOMB_ALLOCATION_LIMIT = 64L << 20;

    private ScoringApp app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldLabelOrDeadLetterEveryHostileImageWithItsReasonAndNeverDecodeABomb() {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "hostile.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "hostile-scorer", StreamTestKit.tempDir("hostile")));
        await().atMost(DEADLINE).until(() -> app.health().healthy());
        List<HostileImages.Case> corpus = HostileImages.corpus();
        List<HostileImages.Case> bombs = corpus.stream().filter(HostileImages.Case::bomb).toList();
        List<HostileImages.Case> others = corpus.stream().filter(c -> !c.bomb()).toList();

        long before = streamThreadAllocatedBytes();
        send(topics, bombs);
        await().atMost(DEADLINE).until(() -> outcomesSoFar() == bombs.size());
        long bombAllocation = streamThreadAllocatedBytes() - before;
        send(topics, others);
        List<String> ids = corpus.stream().map(HostileImages.Case::name).toList();
        ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, ids, DEADLINE);

        Map<String, String> actual = new HashMap<>();
        outcomes.labels().forEach(r -> actual.put(r.key(), HostileImages.LABEL));
        outcomes.deadLetters().forEach(r -> actual.put(r.key(), DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER)));
        System.out.printf("hostile images: %d inputs, %d labelled, %d dead-lettered %s; stream threads allocated %.1f MB "
                        + "while refusing %d bombs%n", corpus.size(), outcomes.labels().size(), outcomes.deadLetters().size(),
                countByReason(actual), bombAllocation / 1e6, bombs.size());
        assertThat(outcomes.missing(ids)).isEmpty();
        assertThat(outcomes.duplicates()).isEmpty();
        assertThat(outcomes.unexpected(ids)).isEmpty();
        for (HostileImages.Case input : corpus) {
            assertThat(actual.get(input.name())).as(input.toString()).isEqualTo(input.expected());
        }
        for (ConsumerRecord<String, byte[]> dead : outcomes.deadLetters()) { // replayable: the original bytes
            byte[] original = corpus.stream().filter(c -> c.name().equals(dead.key())).findFirst().orElseThrow().bytes();
            assertThat(Arrays.equals(dead.value() == null ? new byte[0] : dead.value(), original)).as(dead.key()).isTrue();
            assertThat(DeadLetter.header(dead.headers(), DeadLetter.MESSAGE_HEADER)).isNotBlank();
        }
        assertThat(bombAllocation).as("bytes the stream threads allocated while refusing the bombs").isLessThan(BOMB_ALLOCATION_LIMIT);
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(app.health().healthy()).isTrue();
    }

    /** Images the scorer has labelled or dead-lettered so far. */
    private double outcomesSoFar() {
        var registry = app.context().metrics().registry();
        return registry.find("catstream.images.scored").counters().stream().mapToDouble(c -> c.count()).sum()
                + registry.find("catstream.images.dead.lettered").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static Map<String, Integer> countByReason(Map<String, String> outcomes) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        outcomes.values().forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    private static void send(ScoringTopics topics, List<HostileImages.Case> cases) {
        StreamTestKit.send(KAFKA.settings(), cases.stream()
                .map(c -> new ProducerRecord<>(topics.images(), c.name(), c.bytes())).toList());
    }

    /** Bytes allocated so far by the scorer's stream threads (Kafka Streams names them {@code …-StreamThread-N}). */
    private static long streamThreadAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("hostile-scorer")
                && t.getName().contains("StreamThread")).mapToLong(Thread::getId).toArray();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }
}
