package io.catstream.dataset;

import io.catstream.kafka.KafkaSettings;
import io.catstream.model.DataLineage.OffsetRange;
import io.catstream.train.DatasetException;
import io.catstream.train.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads exact offset ranges of a topic, read-committed, without a consumer group (nothing is committed, nobody
 * else's offsets move): turns a time range into offsets with the broker's time index, refuses a range the log no
 * longer holds ({@link RecordsGoneException}) and gives up when a partition stops advancing for {@code stall}.
 */
final class RangeReader implements AutoCloseable {

    private final KafkaSettings settings;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration stall;

    RangeReader(KafkaSettings settings, Duration stall) {
        this.settings = settings;
        this.stall = stall;
        this.consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, "catstream-dataset",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20),
                // a range ending in a transaction marker is complete only after a fetch that returns the marker
                // alone: don't let the broker hold that fetch for the default 500 ms, per partition read
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())));
    }

    /** The partitions of {@code topic}, in order. */
    List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, stall);
        if (infos == null || infos.isEmpty()) {
            throw new DatasetException("topic " + topic + " does not exist (or this principal may not describe it)");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }

    /** Everything each partition of {@code topic} holds now: {@code [log start, end)}. */
    List<OffsetRange> whole(String topic) {
        return resolve(topic, DatasetRange.times(null, null));
    }

    /** The ranges {@code range} selects on {@code topic}, every partition of it for a time range. */
    List<OffsetRange> resolve(String topic, DatasetRange range) {
        if (range.isExplicit()) {
            List<TopicPartition> known = partitions(topic);
            for (OffsetRange r : range.offsets()) {
                if (r.partition() >= known.size()) {
                    throw new DatasetException(topic + " has partitions 0-" + (known.size() - 1) + ", not " + r.partition());
                }
            }
            return range.offsets();
        }
        List<TopicPartition> tps = partitions(topic);
        Map<TopicPartition, Long> start = consumer.beginningOffsets(tps, stall);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, stall);
        Map<TopicPartition, Long> from = offsetsAt(tps, range.since(), start, end);
        Map<TopicPartition, Long> to = offsetsAt(tps, range.until(), end, end);
        List<OffsetRange> ranges = new ArrayList<>();
        for (TopicPartition tp : tps) {
            long f = from.get(tp);
            ranges.add(new OffsetRange(topic, tp.partition(), f, Math.max(f, to.get(tp))));
        }
        return ranges;
    }

    /** Per partition the first offset at or after {@code time} (the end when there is none), or {@code none} without a time. */
    private Map<TopicPartition, Long> offsetsAt(List<TopicPartition> tps, Instant time, Map<TopicPartition, Long> none,
                                               Map<TopicPartition, Long> end) {
        if (time == null) {
            return none;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, stall);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        tps.forEach(tp -> {
            OffsetAndTimestamp at = found.get(tp);
            offsets.put(tp, at == null ? end.get(tp) : at.offset());
        });
        return offsets;
    }

    /** Throws {@link RecordsGoneException} for the first range the log no longer holds in full. */
    void requireRetained(List<OffsetRange> ranges) {
        List<TopicPartition> tps = ranges.stream().filter(r -> r.count() > 0).map(RangeReader::partition).toList();
        if (tps.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> start = consumer.beginningOffsets(tps, stall);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, stall);
        for (OffsetRange r : ranges) {
            if (r.count() == 0) {
                continue;
            }
            long logStart = start.get(partition(r));
            long logEnd = end.get(partition(r));
            if (logStart > r.from()) {
                throw new RecordsGoneException(new OffsetRange(r.topic(), r.partition(), r.from(), Math.min(r.to(), logStart)),
                        logStart, logEnd);
            }
            if (logEnd < r.to()) {
                throw new RecordsGoneException(new OffsetRange(r.topic(), r.partition(), Math.max(r.from(), logEnd), r.to()),
                        logStart, logEnd);
            }
        }
    }

    /** Every record in {@code ranges}, partition by partition in offset order, to {@code each}. */
    void read(List<OffsetRange> ranges, String task, Consumer<ConsumerRecord<String, byte[]>> each) {
        requireRetained(ranges);
        long total = ranges.stream().mapToLong(OffsetRange::count).sum();
        try (Progress progress = Progress.start(task, total)) {
            for (OffsetRange r : ranges) {
                if (r.count() > 0) {
                    readPartition(r, progress, each);
                }
            }
        }
    }

    private void readPartition(OffsetRange r, Progress progress, Consumer<ConsumerRecord<String, byte[]>> each) {
        TopicPartition tp = partition(r);
        consumer.assign(List.of(tp));
        consumer.seek(tp, r.from());
        long position = r.from();
        long lastAdvance = System.nanoTime();
        while (position < r.to()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                if (record.offset() < r.from() || record.offset() >= r.to()) {
                    continue;
                }
                each.accept(record);
            }
            long now = consumer.position(tp, stall);
            if (now > position) {
                progress.stepBy(Math.min(now, r.to()) - position);
                position = now;
                lastAdvance = System.nanoTime();
            } else if (System.nanoTime() - lastAdvance > stall.toNanos()) {
                throw new DatasetException("reading " + r + " stopped at offset " + position + " for " + stall.toSeconds()
                        + " s (an open transaction, or the broker is unavailable)");
            }
        }
        consumer.unsubscribe();
    }

    private static TopicPartition partition(OffsetRange r) {
        return new TopicPartition(r.topic(), r.partition());
    }

    /** The id of the cluster these records come from, as the lineage records it. */
    String clusterId() {
        try (Admin admin = Admin.create(settings.clientConfig(Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "catstream-dataset")))) {
            return admin.describeCluster().clusterId().get(stall.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("interrupted while asking the cluster its id", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DatasetException("cannot ask the cluster its id: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
