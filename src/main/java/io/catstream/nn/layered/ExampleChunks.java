package io.catstream.nn.layered;

import io.catstream.linalg.HelperThreads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Splits a batch of examples into chunks that depend only on the batch size, never on the number of threads,
 * and runs them on the caller plus {@link HelperThreads}. Fixed chunks summed in chunk
 * order make a batch's gradient the same to the last bit whether one thread or eight computed it.
 *
 * <p>The caller claims chunks too and waits only for chunks a running helper has already claimed, so a call
 * made from inside the pool, or with every helper busy elsewhere, still finishes.
 */
final class ExampleChunks {

    /** Fewer examples per chunk cost more summing than they gain in balance. */
    static final int MIN_CHUNK = 4;
    /** Bounds the per-chunk gradient buffers (16 × 290k values for the 64×64 CNN). */
    static final int MAX_CHUNKS = 16;


    private ExampleChunks() {
    }

    static int chunks(int examples) {
        return Math.max(1, Math.min(MAX_CHUNKS, (examples + MIN_CHUNK - 1) / MIN_CHUNK));
    }

    /** First example of {@code chunk}; chunk c holds {@code [start(c), start(c + 1))}. */
    static int start(int chunk, int chunks, int examples) {
        return (int) ((long) chunk * examples / chunks);
    }

    /** Runs {@code task} for every chunk index in {@code [0, chunks)} on up to {@code threads} threads. */
    static void run(int chunks, int threads, IntConsumer task) {
        int helpers = Math.min(Math.min(threads, chunks) - 1, HelperThreads.COUNT);
        if (helpers <= 0) {
            for (int c = 0; c < chunks; c++) {
                task.accept(c);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(chunks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    task.accept(c);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 0; h < helpers; h++) {
            HelperThreads.pool().execute(worker);
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while helpers were computing a batch", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }
}
