package io.catstream.bench;

import io.catstream.bench.ScorerRig.Photo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Truth for every image of a {@link LoadGenerator} run, sent to {@code image-truth} 1–30 s (seeded, uniform) after
 * the image: the load of case (e) of {@link StreamingBenchmark}. The truth of image i is the label of the photo
 * the run sent as image i.
 */
final class TruthLoad implements AutoCloseable {

    private final ScorerRig rig;
    private final List<Photo> photos;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Random random = new Random(12);
    private final AtomicLong sent = new AtomicLong();

    /** @param photos the labelled photos the run cycles through (it sends them without the header) */
    TruthLoad(ScorerRig rig, List<Photo> photos) {
        this.rig = rig;
        this.photos = photos;
        this.producer = new KafkaProducer<>(rig.settings.clientConfig(Map.of(ProducerConfig.CLIENT_ID_CONFIG, "bench-truth",
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "5")),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** For {@link LoadGenerator#run}: schedules the truth of image {@code i} of the run {@code name}. */
    IntConsumer onSent(String name) {
        return i -> {
            Boolean label = photos.get(i % photos.size()).label();
            if (label == null) {
                return;
            }
            long delayMillis = 1000 + random.nextInt(29_001);
            byte[] value = (label ? "1" : "0").getBytes(StandardCharsets.UTF_8);
            timer.schedule(() -> {
                producer.send(new ProducerRecord<>(rig.topics.truth(), name + "-" + i, value));
                sent.incrementAndGet();
            }, delayMillis, TimeUnit.MILLISECONDS);
        };
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
