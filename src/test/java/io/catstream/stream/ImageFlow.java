package io.catstream.stream;

import io.catstream.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady stream of image records on a background thread, for the fault tests: record {@code i} has key
 * {@code <prefix>-<i>} (zero-padded) and the value {@code images.apply(i)}, produced at {@code rate}/s by an
 * idempotent producer ({@code acks=all}, long delivery timeout, so a broker outage delays records but loses none).
 * {@link #close()} stops producing, flushes and fails if any send failed.
 */
public final class ImageFlow implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Exception> error = new AtomicReference<>();
    private volatile boolean stopped;

    private ImageFlow(KafkaSettings settings, String topic, String prefix, double rate, int limit, IntFunction<byte[]> images) {
        this.producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000")), new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(() -> {
            long start = System.nanoTime();
            for (int i = 0; !stopped && (limit <= 0 || i < limit); i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String key = String.format("%s-%06d", prefix, i);
                try {
                    producer.send(new ProducerRecord<>(topic, key, images.apply(i)), (m, e) -> {
                        if (e != null) {
                            error.compareAndSet(null, e);
                        }
                    });
                    sent.add(key);
                } catch (RuntimeException e) {
                    error.compareAndSet(null, e);
                    return;
                }
            }
        }, "image-flow-" + prefix);
        thread.setDaemon(true);
    }

    /** Starts producing {@code limit} records (0 = until closed) at {@code rate}/s. */
    public static ImageFlow start(KafkaSettings settings, String topic, String prefix, double rate, int limit,
                                  IntFunction<byte[]> images) {
        ImageFlow flow = new ImageFlow(settings, topic, prefix, rate, limit, images);
        flow.thread.start();
        return flow;
    }

    /** The cheap default images: small PNGs and JPEGs, and every 25th record empty (a dead letter). */
    public static byte[] mixed(int i) {
        if (i % 25 == 24) {
            return new byte[0];
        }
        return i % 2 == 0 ? StreamFixtures.png(i % 50) : StreamFixtures.jpeg(i % 50);
    }

    public int sentCount() {
        return sent.size();
    }

    /** Keys handed to the producer so far, in order. */
    public List<String> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Waits until the flow has produced its {@code limit} records (or {@code timeout} passes). */
    public ImageFlow awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return this;
    }

    /** Waits until the flow has produced its {@code limit} records, closes it, and returns the keys sent. */
    public List<String> finish(Duration timeout) throws InterruptedException {
        awaitDone(timeout);
        close();
        return sent();
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        producer.close(Duration.ofSeconds(30));
        if (error.get() != null) {
            throw new IllegalStateException("producing images failed: " + error.get(), error.get());
        }
    }
}
