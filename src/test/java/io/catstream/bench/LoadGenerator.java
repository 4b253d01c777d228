package io.catstream.bench;

import io.catstream.bench.ScorerRig.Photo;
import io.catstream.stream.Label;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The benchmarks' load: a paced (or unpaced) producer of photos to {@code images}, each with its {@code label}
 * header when the folder says (as {@code catstream send} does, so the accuracy path runs too), and a
 * {@code read_committed} reader of {@code image-labels} that times produce → label visible. Prints what the load
 * itself cost in CPU, since it shares the machine with the broker and the scorer.
 */
final class LoadGenerator {

    private static final String LOAD_PRODUCER_ID = "bench-load";

    /**
     * One run: labels seen, seconds from the first send to the last label, produce rate, sorted latencies, and the
     * drain: labels not yet visible when the producer had flushed its last image, and the seconds from then to the
     * last label.
     */
    record Result(int count, double seconds, double produceRate, double[] latenciesMs, int drained, double drainSeconds) {
        double p(double percentile) {
            if (latenciesMs.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(percentile / 100 * latenciesMs.length) - 1;
            return latenciesMs[Math.max(0, Math.min(latenciesMs.length - 1, i))];
        }

        double imagesPerSecond() {
            return count / seconds;
        }

        /**
         * Labels per second once the producer was done: the scorer working off a backlog with no producer
         * beside it on the machine (NaN when no backlog was left). Not the pipelined rate {@link #imagesPerSecond}.
         */
        double drainImagesPerSecond() {
            return drained > 0 ? drained / drainSeconds : Double.NaN;
        }
    }

    private LoadGenerator() {
    }

    /** Sends {@code count} photos (cycled) at {@code rate}/s (0 = max) and waits until every label is visible. */
    static Result run(ScorerRig rig, List<Photo> photos, int count, int rate, String name) throws Exception {
        return run(rig, photos, count, rate, name, new Listener() { });
    }

    /**
     * What a run tells of each image, by its key ({@code name-i}: image i of the run, photo {@code i % photos.size()}):
     * handed to the producer (on the sending thread), and scored, its label seen (on the reader's thread).
     */
    interface Listener {
        default void sent(String key) {
        }

        default void scored(String key) {
        }
    }

    /** As above, telling {@code listener} of each image sent and scored. */
    static Result run(ScorerRig rig, List<Photo> photos, int count, int rate, String name, Listener listener) throws Exception {
        double[] latencies = new double[count];
        AtomicInteger received = new AtomicInteger();
        AtomicBoolean ready = new AtomicBoolean();
        long[] lastReceived = new long[1];
        long[] readerCpu = new long[1];
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(rig.settings.clientConfig(readerConfig(rate)),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(rig.topics.labels()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                ready.set(true);
                long deadline = System.currentTimeMillis() + 600_000;
                while (received.get() < count && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        int i = received.getAndIncrement();
                        if (i < count) {
                            latencies[i] = now - r.timestamp();
                        }
                        listener.scored(r.key());
                        lastReceived[0] = System.nanoTime();
                    }
                }
            }
            readerCpu[0] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }, "bench-reader");
        reader.start();
        while (!ready.get()) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long senderCpuStart = mx.getCurrentThreadCpuTime();
        long networkCpu;
        String clientId = LOAD_PRODUCER_ID + "-" + name.replaceAll("[^A-Za-z0-9]", "");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(rig.settings.clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, rate == 0 ? "5" : "0",
                ProducerConfig.BATCH_SIZE_CONFIG, "1048576", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "22020096")),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                if (rate > 0) {
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                Photo photo = photos.get(i % photos.size());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(rig.topics.images(), name + "-" + i, photo.bytes());
                if (photo.label() != null) {
                    record.headers().add(Label.LABEL_HEADER, (photo.label() ? "1" : "0").getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
                listener.sent(record.key());
            }
            producer.flush();
            networkCpu = producerNetworkCpuNanos(clientId);
        }
        long produced = System.nanoTime();
        int visibleWhenProduced = received.get();
        long senderCpu = mx.getCurrentThreadCpuTime() - senderCpuStart;
        double produceSeconds = (System.nanoTime() - start) / 1e9;
        reader.join();
        if (received.get() < count) {
            throw new IllegalStateException(name + ": only " + received.get() + " of " + count + " labels arrived");
        }
        double seconds = (lastReceived[0] - start) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%s: %,d images in %.2f s (%.0f images/s); load generator CPU: producer %.0f µs/image "
                        + "(send %.0f + network thread %.0f), %.0f%% of one core over the run; label reader %.0f µs/image%n", name, count,
                seconds, count / seconds, (senderCpu + networkCpu) / 1e3 / count, senderCpu / 1e3 / count,
                networkCpu / 1e3 / count, 100.0 * (senderCpu + networkCpu) / 1e9 / seconds, readerCpu[0] / 1e3 / count);
        return new Result(count, seconds, count / produceSeconds, latencies, count - visibleWhenProduced,
                (lastReceived[0] - produced) / 1e9);
    }

    /**
     * The label reader's fetch settings. Paced runs time every label, so the reader fetches as soon as a commit
     * makes labels visible (waits at most 10 ms in the broker). Max-rate runs only need the last label's time: there
     * a reader fetching up to 100 times a second cost 11 % of the bench JVM's samples (JFR, with the broker's share
     * of those fetches) on the 2 cores the scorer needs, so it waits for 64 kB or 50 ms instead (the last label is
     * seen at most 50 ms late, under 2 % of a run of a few seconds; its latencies are 50 ms coarser).
     */
    private static Map<String, Object> readerConfig(int rate) {
        return rate > 0
                ? Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10)
                : Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                        ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65536);
    }

    /** CPU time so far of the network thread of the load producer {@code clientId} (in this JVM, beside the broker). */
    private static long producerNetworkCpuNanos(String clientId) {
        return ThreadCpu.snapshot().nanosOf("kafka-producer-network-thread | " + clientId);
    }
}
