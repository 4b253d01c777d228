package io.catstream.stream;

import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.RecordLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * When outcomes become visible: a background {@code read_committed} reader of {@code image-labels} and
 * {@code images-dlq} that notes the {@link System#nanoTime()} at which each record arrived, so a test can say how
 * long after a restart scoring resumed (the first outcome committed after it) and when the last one came.
 */
final class OutcomeWatch implements AutoCloseable {

    /**
     * One outcome: its image id, when this reader got it, and how long after the image was produced (the outcome
     * keeps the image's record timestamp).
     */
    record Arrival(String imageId, long nanos, long latencyMillis, int labelPartition) {
    }

    /** {@link Arrival#labelPartition()} of a dead letter. */
    static final int DEAD_LETTER = -1;

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    private OutcomeWatch(KafkaSettings settings, ScoringTopics topics) {
        this.consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, RecordLimits.builtIn().imageRecordBytes(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20)), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.labels(), topics.deadLetters())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(() -> {
            try {
                while (!stopped) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                        long now = System.nanoTime();
                        long latency = System.currentTimeMillis() - r.timestamp();
                        int partition = r.topic().equals(topics.labels()) ? r.partition() : DEAD_LETTER;
                        synchronized (arrivals) {
                            arrivals.add(new Arrival(r.key(), now, latency, partition));
                        }
                    });
                }
            } catch (WakeupException e) {
                // closing
            }
        }, "outcome-watch");
        thread.setDaemon(true);
    }

    static OutcomeWatch start(KafkaSettings settings, ScoringTopics topics) {
        OutcomeWatch watch = new OutcomeWatch(settings, topics);
        watch.thread.start();
        return watch;
    }

    /** When the first outcome after {@code nanos} of an image {@code which} accepts arrived, if one did. */
    OptionalLong firstAfter(long nanos, Predicate<String> which) {
        synchronized (arrivals) {
            return arrivals.stream().filter(a -> a.nanos() > nanos && which.test(a.imageId())).mapToLong(Arrival::nanos).min();
        }
    }

    /** When the last outcome so far arrived. */
    OptionalLong last() {
        synchronized (arrivals) {
            return arrivals.stream().mapToLong(Arrival::nanos).max();
        }
    }

    /** Every outcome that arrived between {@code fromNanos} and {@code toNanos}, in arrival order. */
    List<Arrival> between(long fromNanos, long toNanos) {
        synchronized (arrivals) {
            return arrivals.stream().filter(a -> a.nanos() >= fromNanos && a.nanos() <= toNanos).toList();
        }
    }

    /**
     * The longest time between two consecutive labels of one partition within the window (over every partition): how
     * long the worst-hit partition went unscored, e.g. while its task moved to another instance.
     */
    long longestGapMillis(long fromNanos, long toNanos) {
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        between(fromNanos, toNanos).stream().filter(a -> a.labelPartition() != DEAD_LETTER)
                .forEach(a -> byPartition.computeIfAbsent(a.labelPartition(), p -> new ArrayList<>()).add(a.nanos()));
        long longest = 0;
        for (List<Long> times : byPartition.values()) {
            for (int i = 1; i < times.size(); i++) {
                longest = Math.max(longest, times.get(i) - times.get(i - 1));
            }
        }
        return longest / 1_000_000;
    }

    /** The {@code q} quantile (0-1) of the produce-to-visible latency of the outcomes within the window. */
    long latencyQuantileMillis(double q, long fromNanos, long toNanos) {
        long[] sorted = between(fromNanos, toNanos).stream().mapToLong(Arrival::latencyMillis).sorted().toArray();
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    int count() {
        synchronized (arrivals) {
            return arrivals.size();
        }
    }

    @Override
    public void close() {
        stopped = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
    }
}
