package io.catstream.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.kafka.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces truth to {@code image-truth}: key = image id, value {@code {"is_cat":true,"source":"…","at":"…"}} with
 * {@code at} the moment it is sent (docs/truth.md). Paced: record i goes at {@code start + delay + i / rate}, so a
 * {@code catstream truth} started beside {@code catstream send} at the same rate delivers each image's truth about
 * {@code delay} after the image.
 */
public final class TruthSender implements AutoCloseable {

    /** What was sent. */
    public record Summary(long count, long failed, Duration elapsed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String source;
    private final Clock clock;

    /** @param source the {@code source} of every record (who says so), or null for none */
    public TruthSender(KafkaSettings settings, String topic, String source, Clock clock) {
        this.topic = topic;
        this.source = source;
        this.clock = clock;
        this.producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "catstream-truth",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "2",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000")), new StringSerializer(), new ByteArraySerializer());
    }

    /** The value of one truth record, said at {@code clock}'s now. */
    public byte[] value(boolean isCat) {
        return value(isCat, source, clock.instant());
    }

    /**
     * The value of a truth record as {@code catstream truth} writes it (topics/schemas/image-truth.value.schema.json):
     * {@code source} left out when null.
     */
    public static byte[] value(boolean isCat, String source, Instant at) {
        ObjectNode node = JSON.createObjectNode();
        node.put("is_cat", isCat);
        if (source != null) {
            node.put("source", source);
        }
        node.put("at", at.toString());
        return node.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code truths} in order, the first after {@code delay}, then at {@code ratePerSecond} (0 = as fast as
     * possible); waits until the broker has them all. Like {@link ImageSender}, a refused login or write is thrown
     * at once, other failures are counted.
     */
    public Summary send(List<TruthSource> truths, double ratePerSecond, Duration delay) {
        long start = System.nanoTime() + delay.toNanos();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long count = 0;
        for (TruthSource truth : truths) {
            ImageSender.throwIfDenied(firstError.get());
            long due = start + (ratePerSecond > 0 ? (long) (count * 1e9 / ratePerSecond) : 0);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            send(truth, e -> {
                failed.incrementAndGet();
                firstError.compareAndSet(null, e);
            });
            count++;
        }
        producer.flush();
        ImageSender.throwIfDenied(firstError.get());
        return new Summary(count, failed.get(), Duration.ofNanos(Math.max(0, System.nanoTime() - start)));
    }

    /** Sends one truth record now, without waiting; {@code onError} hears of a failed send (on the producer's thread). */
    public void send(TruthSource truth, Consumer<Exception> onError) {
        producer.send(new ProducerRecord<>(topic, truth.id(), value(truth.isCat())), (metadata, e) -> {
            if (e != null) {
                onError.accept(e);
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
