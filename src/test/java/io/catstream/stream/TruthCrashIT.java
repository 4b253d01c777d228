package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.metrics.AccuracyWindow;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code catstream serve} in its own JVM is SIGKILLed twice at seeded random moments while images and their truth
 * flow (truth before its image for some, a second or so after it for most, twice for some, none for a fifth), and
 * started again each time with the same application id and state directory. Afterwards, read with
 * {@code read_committed}: every image that got a label and truth has exactly one {@code labelled-predictions}
 * record, nothing else has one, and the accuracy on {@code model-accuracy} equals the count this test makes from
 * {@code image-labels} and the truth it sent.
 */
class TruthCrashIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final long SEED = 12;
    private static final int KILLS = 2;
    private static final int IMAGES = 600;
    private static final double RATE = 30; // 20 s of images

    /** The truth this test says image {@code i} has. */
    private static boolean truthOf(int i) {
        return i % 3 == 0;
    }

    /** Which images get truth: 3 in 5 after the image, 1 in 5 before it, 1 in 5 none; every tenth twice. */
    private static boolean getsTruth(int i) {
        return i % 5 != 4;
    }

    private static boolean truthBeforeImage(int i) {
        return i % 5 == 3;
    }

    @Test
    void shouldEmitExactlyOneLabelledPredictionPerImageWithTruthAndTheIndependentAccuracyAcrossTwoKills()
            throws InterruptedException {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "tcrash.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        Path work = Path.of("target", "truth-crash-it");
        List<String> args = ScorerProcess.crashTestArgs(KAFKA.bootstrapServers(), "tcrash.", "tcrash-scorer", work);
        List<String> kills = new ArrayList<>();

        ScorerProcess scorer = ScorerProcess.start("256m", work.resolve("scorer-0.log"), args).awaitHealthy(Duration.ofSeconds(90));
        List<String> sent;
        Map<String, Boolean> truthSent;
        try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), "tcrash", RATE, IMAGES, ImageFlow::mixed);
             TruthFlow truth = new TruthFlow(topics.truth(), flow)) {
            scorer = ScorerProcess.killAndRestart(scorer, KILLS, new Random(SEED), work, args,
                    () -> flow.sentCount() + " images and " + truth.sentCount() + " truths sent", kills);
            flow.awaitDone(Duration.ofSeconds(120));
            flow.close();
            sent = flow.sent();
            truth.finish();
            truthSent = truth.sent();
        }
        Map<String, Label> labels;
        List<ConsumerRecord<String, byte[]>> joined;
        List<AccuracyWindow> accuracy;
        try {
            ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(120));
            assertThat(outcomes.missing(sent)).as("missing (scorer log %s)", scorer.log()).isEmpty();
            labels = StreamTestKit.labels(outcomes.labels()).stream().collect(Collectors.toMap(Label::imageId, l -> l));
            Set<String> expected = new TreeSet<>(truthSent.keySet());
            expected.retainAll(labels.keySet()); // truth for an empty image (a dead letter) waits, then is unknown
            joined = StreamTestKit.readCommitted(KAFKA.settings(), topics.labelledPredictions(), expected.size());
            long expectedCorrect = expected.stream().filter(id -> labels.get(id).isCat() == truthSent.get(id)).count();
            accuracy = readAccuracy(topics, expected.size());

            Map<String, Integer> perImage = new TreeMap<>();
            joined.forEach(r -> perImage.merge(r.key(), 1, Integer::sum));
            System.out.printf("truth crash: %s; images %d, labels %d, truth for %d, labelled-predictions %d (%d distinct), "
                            + "correct %d (independent count %d)%n", String.join("; ", kills), sent.size(), labels.size(),
                    truthSent.size(), joined.size(), perImage.size(), joined.stream()
                            .filter(r -> LabelledPrediction.fromJson(r.value()).correct()).count(), expectedCorrect);
            assertThat(perImage.keySet()).isEqualTo(expected);
            assertThat(perImage.values()).as("exactly one record per image").allMatch(n -> n == 1);
            for (ConsumerRecord<String, byte[]> r : joined) {
                LabelledPrediction p = LabelledPrediction.fromJson(r.value());
                assertThat(p.truth()).isEqualTo(truthSent.get(r.key()));
                assertThat(p.isCat()).isEqualTo(labels.get(r.key()).isCat());
                assertThat(p.probability()).isEqualTo(labels.get(r.key()).probability());
            }
            long tp = accuracy.stream().mapToLong(w -> w.counts().truePositives()).sum();
            long tn = accuracy.stream().mapToLong(w -> w.counts().trueNegatives()).sum();
            long total = accuracy.stream().mapToLong(w -> w.counts().total()).sum();
            assertThat(total).isEqualTo(expected.size());
            assertThat(tp + tn).as("model-accuracy's correct predictions").isEqualTo(expectedCorrect);
        } finally {
            scorer.close();
        }
    }

    /** The latest model-accuracy record of every window, once their counts add up to {@code total} (or a deadline). */
    private static List<AccuracyWindow> readAccuracy(ScoringTopics topics, int total) {
        AtomicReference<List<AccuracyWindow>> latest = new AtomicReference<>(List.of());
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<String, AccuracyWindow> byWindow = new HashMap<>();
                for (ConsumerRecord<String, byte[]> r : StreamTestKit.readCommitted(KAFKA.settings(), topics.accuracy(), 1)) {
                    AccuracyWindow w = JsonSerdes.accuracyWindow().deserializer().deserialize("", r.value());
                    byWindow.put(r.key() + " " + w.start(), w); // in offset order: the last one of a window wins
                }
                latest.set(List.copyOf(byWindow.values()));
                return byWindow.values().stream().mapToLong(w -> w.counts().total()).sum() >= total;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the caller's assertion on the total says what is missing
        }
        return latest.get();
    }

    /**
     * Truth for the images of an {@link ImageFlow}, keyed like them, on a background thread that follows the flow: for
     * some images before the image is sent, for most about a second (30 images) after it, every tenth twice.
     */
    private static final class TruthFlow implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final Map<String, Boolean> sent = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicReference<Exception> error = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean flowDone;

        TruthFlow(String topic, ImageFlow flow) {
            producer = new KafkaProducer<>(KAFKA.settings().clientConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.LINGER_MS_CONFIG, "5")),
                    new StringSerializer(), new ByteArraySerializer());
            thread = new Thread(() -> {
                int next = 0;
                boolean[] done = new boolean[IMAGES];
                while (next < IMAGES) {
                    boolean last = flowDone;
                    int images = flow.sentCount();
                    for (int i = next; i < IMAGES && i < images + 10; i++) {
                        boolean due = truthBeforeImage(i) || i < images - 30 || last;
                        if (!done[i] && getsTruth(i) && due) {
                            send(topic, i);
                            done[i] = true;
                        }
                    }
                    while (next < IMAGES && (done[next] || !getsTruth(next))) {
                        next++;
                    }
                    if (!last) {
                        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                    }
                }
            }, "truth-flow");
            thread.setDaemon(true);
            thread.start();
        }

        private void send(String topic, int i) {
            String key = String.format("tcrash-%06d", i);
            byte[] value = (truthOf(i) ? "1" : "{\"is_cat\": false, \"source\": \"crash-it\"}").getBytes(StandardCharsets.UTF_8);
            for (int copy = 0; copy < (i % 10 == 0 ? 2 : 1); copy++) {
                producer.send(new ProducerRecord<>(topic, key, value), (m, e) -> {
                    if (e != null) {
                        error.compareAndSet(null, e);
                    }
                });
            }
            sent.put(key, truthOf(i));
        }

        int sentCount() {
            return sent.size();
        }

        /** Sends the truth still due now that every image is out, and waits for the broker to have it all. */
        void finish() throws InterruptedException {
            flowDone = true;
            thread.join(60_000);
            producer.flush();
            if (error.get() != null) {
                throw new IllegalStateException("producing truth failed: " + error.get(), error.get());
            }
        }

        Map<String, Boolean> sent() {
            return Map.copyOf(sent);
        }

        @Override
        public void close() {
            flowDone = true;
            producer.close(Duration.ofSeconds(30));
        }
    }
}
