package io.catstream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The schedule of {@code catstream retrain --every}: round 1 at once, then each round {@code every} after the previous
 * one started (at once when a round took longer), until {@link #requestStop}. A stop asked for between rounds ends the
 * wait at once; one asked for during a round lets that round finish and starts no other.
 */
final class RetrainLoop {

    private final Duration every;
    private final CountDownLatch stop = new CountDownLatch(1);

    RetrainLoop(Duration every) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the time between rounds must be positive, got " + every);
        }
        this.every = every;
    }

    /** Runs {@code round} with 1, 2, ... until a stop is asked for; returns how many rounds ran. */
    int run(IntConsumer round) {
        int rounds = 0;
        while (!stopRequested()) {
            long started = System.nanoTime();
            round.accept(++rounds);
            long wait = every.toNanos() - (System.nanoTime() - started);
            try {
                if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // an interrupt is a stop: nothing else interrupts this thread
            }
        }
        return rounds;
    }

    void requestStop() {
        stop.countDown();
    }

    boolean stopRequested() {
        return stop.getCount() == 0;
    }
}
