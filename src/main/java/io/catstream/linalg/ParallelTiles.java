package io.catstream.linalg;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Runs independent tasks {@code 0..n-1} on the calling thread plus helpers from one shared pool of daemon threads,
 * without ever blocking the caller on a helper that the OS has descheduled (the machine's cores are shared: a
 * barrier that waits for a preempted thread costs a whole scheduler time slice, per GEMM call).
 *
 * <p>How: tasks are claimed in index order (put the largest first). The caller computes its tasks straight into the
 * output ({@code direct = true}); a helper computes into its own scratch and returns a commit action, run only if
 * it wins the task's state from CLAIMED to COMMITTING. When no task is left to claim, the caller takes over
 * (recomputes directly) every task a helper still has in progress, so it only ever waits for a commit that is
 * already copying (a few hundred doubles). A helper that loses the race drops its result. Not re-entrant.
 */
final class ParallelTiles {

    /**
     * Computes task {@code t}; when not {@code direct}, into private scratch, returning the copy-out (or null when
     * the task's writes are idempotent and may go straight to the output, as packing does).
     */
    interface Task {
        Runnable compute(int t, boolean direct);
    }

    private static final int FREE = 0;
    private static final int CALLER = 1;
    private static final int HELPER = 2;
    private static final int COMMITTING = 3;
    private static final int DONE = 4;


    private ParallelTiles() {
    }

    static void forEach(int tasks, int threads, Task task) {
        int helpers = Math.min(Math.min(threads, tasks) - 1, HelperThreads.COUNT);
        if (helpers <= 0) {
            for (int t = 0; t < tasks; t++) {
                task.compute(t, true);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicIntegerArray state = new AtomicIntegerArray(tasks);
        Runnable helper = () -> {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                if (state.compareAndSet(t, FREE, HELPER)) {
                    Runnable commit = task.compute(t, false);
                    if (state.compareAndSet(t, HELPER, COMMITTING)) {
                        if (commit != null) {
                            commit.run();
                        }
                        state.set(t, DONE);
                    }
                }
            }
        };
        for (int h = 0; h < helpers; h++) {
            HelperThreads.pool().execute(helper);
        }
        for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
            if (state.compareAndSet(t, FREE, CALLER)) {
                task.compute(t, true);
            }
        }
        for (int t = 0; t < tasks; t++) {
            while (true) {
                int s = state.get(t);
                if (s == CALLER || s == DONE) {
                    break;
                }
                if (s == COMMITTING) {
                    Thread.onSpinWait();
                } else if (state.compareAndSet(t, s, CALLER)) {
                    // FREE: a helper took the index but not yet the task; HELPER: still in progress on a helper,
                    // maybe preempted. Either way, do it here.
                    task.compute(t, true);
                    break;
                }
            }
        }
    }
}
