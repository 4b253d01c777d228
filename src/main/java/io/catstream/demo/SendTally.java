package io.catstream.demo;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What one of the demo's producers (images, truth) sent and what failed, with the first error. Thread-safe. */
final class SendTally {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();

    void countSent() {
        sent.incrementAndGet();
    }

    void countFailure(Exception e) {
        failed.incrementAndGet();
        firstError.compareAndSet(null, e);
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    Exception firstError() {
        return firstError.get();
    }
}
