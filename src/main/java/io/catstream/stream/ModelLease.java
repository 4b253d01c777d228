package io.catstream.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Who still scores with a model: the {@link ActiveModel} while it is current, plus each stream thread for the length
 * of one image. The last one out runs the release (closing an ONNX Runtime session, native memory the garbage
 * collector does not see), so a swapped-out model is released as soon as its last image is labelled, and never
 * under a thread still scoring with it.
 */
final class ModelLease {

    /** 1 for the active model's own hold, plus one per image being scored; 0 = released, for good. */
    private final AtomicInteger holders = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();
    private final Runnable release;

    ModelLease(Runnable release) {
        this.release = release;
    }

    /** False once the model was retired and its last image scored: the caller reads the current model again. */
    boolean tryAcquire() {
        while (true) {
            int n = holders.get();
            if (n == 0) {
                return false;
            }
            if (holders.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * The model {@code current} holds, acquired for one image (release it with {@code model.lease().release()}), or
     * null when there is none. A model retired and released between the read and the acquire is skipped: current
     * then holds its successor.
     */
    static ScoringModel acquire(Supplier<ScoringModel> current) {
        while (true) {
            ScoringModel model = current.get();
            if (model == null || model.lease().tryAcquire()) {
                return model;
            }
        }
    }

    void release() {
        if (holders.decrementAndGet() == 0) {
            release.run();
        }
    }

    /** The model is no longer current: drops the active model's hold (once). */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    boolean isReleased() {
        return holders.get() == 0;
    }
}
