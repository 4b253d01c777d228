package io.catstream.nn;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent tasks {@code 0..n-1} on the calling thread plus helpers from one shared pool of daemon
 * threads; tasks are claimed in index order, so put the largest first. Not re-entrant: a task must not call
 * {@link #forEach} itself.
 */
final class ParallelTiles {

    private static final int MAX_HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static volatile ExecutorService pool;

    private ParallelTiles() {
    }

    static void forEach(int tasks, int threads, IntConsumer task) {
        int helpers = Math.min(Math.min(threads, tasks) - 1, MAX_HELPERS);
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                task.accept(t);
            }
        };
        Future<?>[] running = new Future<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            running[h] = pool().submit(worker);
        }
        worker.run();
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for GEMM tiles", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a GEMM tile failed", e.getCause());
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (ParallelTiles.class) {
                if (pool == null) {
                    AtomicInteger id = new AtomicInteger();
                    pool = Executors.newFixedThreadPool(MAX_HELPERS, r -> {
                        Thread t = new Thread(r, "catstream-gemm-" + id.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }
}
