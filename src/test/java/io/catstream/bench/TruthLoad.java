package io.catstream.bench;

import io.catstream.bench.ScorerRig.Photo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Truth for every image of {@link LoadGenerator} runs, sent to {@code image-truth} 1–30 s (seeded, uniform) after the
 * image was scored (its label seen), or after it was sent: the load of case (e) of {@link StreamingBenchmark}. The
 * truth of image i is the label of the photo the run sent as image i.
 *
 * <p>From the scoring by default: at max rate the load generator sends a run's images in a few seconds and the scorer
 * takes half a minute to work through them, so truth timed from the send comes before many of the later images are
 * scored (the join's truth-first path: three store writes instead of one). That is not the case issue #12 names,
 * truth arriving after its image, as it does where images are scored as they come; {@link After#SENT} measures it.
 *
 * <p>It stands for a labelling pipeline, which runs on other machines than the scorer, and it sends as such a
 * pipeline should: due truth is sent every {@value #TICK_MILLIS} ms, through a producer that batches for
 * {@value #LINGER_MILLIS} ms (truth is seconds late anyway). Its first version scheduled a timer task per truth and
 * lingered 5 ms, so at ~1,000 truth/s over 6 partitions most batches held one record: it took 84 µs of this JVM's CPU
 * per truth (timer thread 33, producer network thread 51) and the broker's request handling ~35 µs more, all
 * on the 2 cores the scorer shares here and counted against the join (bench/streaming.sh prints that CPU by thread).
 */
final class TruthLoad implements AutoCloseable, LoadGenerator.Listener {

    /** What the delay counts from. */
    enum After {
        /** The image's label seen: truth after its image, as when images are scored as they come. */
        SCORED,
        /** The image handed to the producer: at max rate much of it before the image is scored. */
        SENT
    }

    /** Truth comes 1 s to this long after its image. */
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final long TICK_MILLIS = 20;
    static final long LINGER_MILLIS = 100;

    /** A truth record due at {@code dueMillis} (System.currentTimeMillis()). */
    private record Due(long dueMillis, String key, byte[] value) {
    }

    private static final byte[] ONE = "1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ZERO = "0".getBytes(StandardCharsets.UTF_8);

    private final ScorerRig rig;
    private final List<Photo> photos;
    private final After after;
    private final KafkaProducer<String, byte[]> producer;
    private final PriorityQueue<Due> pending = new PriorityQueue<>(Comparator.comparingLong(Due::dueMillis));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-truth-timer"));
    private final Random random = new Random(12);
    private final AtomicLong sent = new AtomicLong();

    /** @param photos the labelled photos the run cycles through (it sends them without the header) */
    TruthLoad(ScorerRig rig, List<Photo> photos, After after) {
        this.rig = rig;
        this.photos = photos;
        this.after = after;
        this.producer = new KafkaProducer<>(rig.settings.clientConfig(Map.of(ProducerConfig.CLIENT_ID_CONFIG, "bench-truth",
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, Long.toString(LINGER_MILLIS))),
                new StringSerializer(), new ByteArraySerializer());
        timer.scheduleAtFixedRate(this::sendDue, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sendDue() {
        long now = System.currentTimeMillis();
        while (true) {
            Due next;
            synchronized (pending) {
                if (pending.isEmpty() || pending.peek().dueMillis() > now) {
                    return;
                }
                next = pending.poll();
            }
            producer.send(new ProducerRecord<>(rig.topics.truth(), next.key(), next.value()));
            sent.incrementAndGet();
        }
    }

    @Override
    public void sent(String key) {
        if (after == After.SENT) {
            schedule(key);
        }
    }

    @Override
    public void scored(String key) {
        if (after == After.SCORED) {
            schedule(key);
        }
    }

    /** Schedules the truth of the image {@code key} ({@code name-i}) 1–30 s from now. */
    private void schedule(String key) {
        int i = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
        Boolean label = photos.get(i % photos.size()).label();
        if (label == null) {
            return;
        }
        long delayMillis = 1000 + random.nextInt((int) MAX_DELAY.toMillis() - 1000 + 1);
        Due due = new Due(System.currentTimeMillis() + delayMillis, key, label ? ONE : ZERO);
        synchronized (pending) {
            pending.add(due);
        }
    }

    long sent() {
        return sent.get();
    }

    /** Stops: truth not yet due is dropped (the run it belongs to is over). */
    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(30));
    }
}
