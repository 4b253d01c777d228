package io.catstream.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which stores this instance is restoring from their changelogs now (Kafka Streams' global restore listener): the
 * scorer is not ready while any is, because a task whose store is restoring does not score. Thread-safe: stream
 * threads report, the HTTP threads read.
 */
public final class StoreRestoration implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRestoration.class);

    /** A store partition being restored: records restored so far of the offsets to restore. */
    record InProgress(String store, long toRestore, long restored) {
    }

    private final Map<TopicPartition, InProgress> restoring = new ConcurrentHashMap<>();
    private final AtomicLong restoredTotal = new AtomicLong();
    private final AtomicLong restorations = new AtomicLong();
    private final Consumer<String> restored;

    public StoreRestoration() {
        this(store -> { });
    }

    /** Also tells {@code restored} the name of each store whose partition finished restoring. */
    public StoreRestoration(Consumer<String> restored) {
        this.restored = restored;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        restoring.put(partition, new InProgress(store, Math.max(0, endingOffset - startingOffset), 0));
        restorations.incrementAndGet();
        LOG.info("restoring store {} from {} (offsets {} to {})", store, partition, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restoring.computeIfPresent(partition, (p, r) -> new InProgress(r.store(), r.toRestore(), r.restored() + numRestored));
        restoredTotal.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition);
        LOG.info("restored store {} from {}: {} records", store, partition, totalRestored);
        restored.accept(store);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        restoring.remove(partition); // the task moved to another instance before its store was restored
    }

    /** Null when nothing restores, else why the scorer is not ready yet. */
    public String inProgress() {
        Map<TopicPartition, InProgress> now = Map.copyOf(restoring);
        if (now.isEmpty()) {
            return null;
        }
        long toRestore = now.values().stream().mapToLong(InProgress::toRestore).sum();
        long restored = now.values().stream().mapToLong(InProgress::restored).sum();
        return String.format("restoring %d store partition(s) from their changelogs: %d of %d records", now.size(), restored,
                toRestore);
    }

    /** Records restored since start, over every store. */
    public long restoredRecords() {
        return restoredTotal.get();
    }

    /** Store partitions whose restoration started since start. */
    public long restorationsStarted() {
        return restorations.get();
    }
}
