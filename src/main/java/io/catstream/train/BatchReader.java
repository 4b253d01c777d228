package io.catstream.train;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The mini-batches of one epoch, read from an {@link ExampleSource} in the epoch's order into two reused buffers.
 * With prefetch, batch k+1 is read (decoded, preprocessed, standardised) on a helper thread while the caller trains
 * on batch k; the caller must be done with a batch before asking for the next one, whose buffer is then refilled.
 * What is read does not depend on prefetch or timing: the same rows in the same order, so a run is the same either
 * way.
 */
final class BatchReader implements AutoCloseable {

    /** One filled batch: rows {@code 0 .. count-1} of {@code x}, labels in {@code y}. */
    record Batch(double[] x, double[] y, int count) {
    }

    private final ExampleSource source;
    private final int batchSize;
    private final double[][] xs;
    private final double[][] ys;
    private final ExecutorService helper;
    private int[] order;
    private int next;
    private Future<Batch> pending;

    BatchReader(ExampleSource source, int batchSize, boolean prefetch) {
        this.source = source;
        this.batchSize = batchSize;
        int buffers = prefetch ? 2 : 1;
        xs = new double[buffers][batchSize * source.featureCount()];
        ys = new double[buffers][batchSize];
        helper = prefetch ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-prefetch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Starts an epoch over {@code order} (a permutation of the source's indices). */
    void start(int[] order) {
        this.order = order;
        this.next = 0;
        pending = helper == null ? null : helper.submit(() -> read(0));
    }

    boolean hasNext() {
        return next * batchSize < order.length;
    }

    Batch next() {
        int k = next++;
        Batch batch;
        if (helper == null) {
            batch = read(k);
        } else {
            batch = await(pending);
            pending = hasNext() ? helper.submit(() -> read(k + 1)) : null;
        }
        return batch;
    }

    private Batch read(int k) {
        int from = k * batchSize;
        int count = Math.min(batchSize, order.length - from);
        double[] x = xs[k % xs.length];
        double[] y = ys[k % ys.length];
        source.read(order, from, count, x);
        for (int i = 0; i < count; i++) {
            y[i] = source.label(order[from + i]);
        }
        return new Batch(x, y, count);
    }

    private static Batch await(Future<Batch> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a mini-batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("reading a mini-batch failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        if (helper != null) {
            helper.shutdownNow();
        }
    }
}
