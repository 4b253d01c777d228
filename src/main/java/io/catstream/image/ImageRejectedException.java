package io.catstream.image;

import java.util.Objects;

/**
 * Bad input bytes, with a typed reason. Unchecked because the scorer turns it into a dead letter
 * rather than handling it at every call site; it is the only exception the preprocessor lets out
 * for bad bytes.
 */
public final class ImageRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public ImageRejectedException(RejectReason reason, String message) {
        this(reason, message, null);
    }

    public ImageRejectedException(RejectReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RejectReason reason() {
        return reason;
    }
}
