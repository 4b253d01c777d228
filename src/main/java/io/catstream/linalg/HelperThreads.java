package io.catstream.linalg;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one pool of daemon helper threads (one per processor beyond the caller's) that the GEMM tiles and the
 * layered networks' example chunks share, so that the JVM never runs more busy helpers than there are cores.
 * Users submit work the calling thread can also finish alone: a helper that starts late finds nothing to do.
 */
public final class HelperThreads {

    /** How many helpers run beside a caller. */
    public static final int COUNT = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);

    private static volatile ExecutorService pool;

    private HelperThreads() {
    }

    /** The pool, started on first use; fails when {@link #COUNT} is 0, so check it first. */
    public static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (HelperThreads.class) {
                if (pool == null) {
                    AtomicInteger id = new AtomicInteger();
                    pool = Executors.newFixedThreadPool(COUNT, r -> {
                        Thread t = new Thread(r, "catstream-helper-" + id.incrementAndGet());
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
