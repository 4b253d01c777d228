package io.catstream.send;

import io.catstream.kafka.RecordLimits;
import io.catstream.stream.Label;
import io.catstream.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces image files to the {@code images} topic in the documented format: key = image id, value = the file's
 * bytes unchanged, header {@code label} = {@code 1}/{@code 0} when the truth is known. Paced to a rate.
 */
public final class ImageSender implements AutoCloseable {

    /** What was sent. */
    public record Summary(long count, long bytes, long failed, Duration elapsed) {
        public double imagesPerSecond() {
            return elapsed.isZero() ? 0 : count / (elapsed.toNanos() / 1e9);
        }
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public ImageSender(KafkaSettings settings, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "catstream-send",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "2",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(RecordLimits.builtIn().imageRecordBytes()),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
    }

    /** The record {@code source} becomes. */
    public static ProducerRecord<String, byte[]> record(String topic, ImageSource source, byte[] bytes) {
        return record(topic, source.id(), source.label(), bytes);
    }

    /** The record of image {@code id} with {@code bytes}; {@code label} null = truth unknown (no header). */
    public static ProducerRecord<String, byte[]> record(String topic, String id, Boolean label, byte[] bytes) {
        RecordHeaders headers = new RecordHeaders();
        if (label != null) {
            headers.add(Label.LABEL_HEADER, (label ? "1" : "0").getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, id, bytes, headers);
    }

    /** Sends one image without waiting; {@code onError} hears of a record that failed for good. */
    public void send(String id, Boolean label, byte[] bytes, Consumer<Exception> onError) {
        producer.send(record(topic, id, label, bytes), (metadata, e) -> {
            if (e != null) {
                onError.accept(e);
            }
        });
    }

    /**
     * Sends {@code images} {@code repeat} times in order, at most {@code limit} records (0 = no limit), paced to
     * {@code ratePerSecond} (0 = as fast as possible); waits until every record is acknowledged. A record that
     * fails for good is counted and the others go on (one bad file does not stop a batch), except when the broker
     * refuses the login or the write: every later record would fail the same way, so that error is thrown at once.
     *
     * @param progress called about once a second with the running totals
     * @throws AuthorizationException the principal may not write the topic (the broker's message names it)
     * @throws AuthenticationException the broker refused the login
     */
    public Summary send(List<ImageSource> images, double ratePerSecond, long limit, int repeat, Consumer<Summary> progress) {
        long start = System.nanoTime();
        long nextProgress = start + 1_000_000_000L;
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstError = new AtomicReference<>();
        long count = 0;
        long bytes = 0;
        outer:
        for (int pass = 0; pass < repeat; pass++) {
            for (ImageSource image : images) {
                if (limit > 0 && count >= limit) {
                    break outer;
                }
                throwIfDenied(firstError.get());
                if (ratePerSecond > 0) {
                    long due = start + (long) (count * 1e9 / ratePerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                byte[] value;
                try {
                    value = Files.readAllBytes(image.file());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + image.file() + ": " + e.getMessage(), e);
                }
                producer.send(record(topic, image, value), (metadata, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                });
                count++;
                bytes += value.length;
                long now = System.nanoTime();
                if (progress != null && now >= nextProgress) {
                    progress.accept(new Summary(count, bytes, failed.get(), Duration.ofNanos(now - start)));
                    nextProgress = now + 1_000_000_000L;
                }
            }
        }
        producer.flush();
        throwIfDenied(firstError.get());
        Summary summary = new Summary(count, bytes, failed.get(), Duration.ofNanos(System.nanoTime() - start));
        if (firstError.get() != null) {
            org.slf4j.LoggerFactory.getLogger(ImageSender.class).warn("{} of {} records failed; first error: {}",
                    failed.get(), count, firstError.get().toString());
        }
        return summary;
    }

    static void throwIfDenied(Exception error) {
        if (error instanceof AuthorizationException denied) {
            throw denied;
        }
        if (error instanceof AuthenticationException refused) {
            throw refused;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
