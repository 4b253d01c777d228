package io.catstream.model;

/**
 * A model file or record that must not be used, with a stable {@link Reason} a caller can count, log or
 * put on a dead-letter record. {@link ModelCodec#decode(byte[])} throws nothing else for any input.
 */
public final class InvalidModelException extends RuntimeException {

    /** Why a model was refused; {@link #code()} is stable (lowercase, hyphenated) and safe to use as a metric tag. */
    public enum Reason {
        /** The bytes do not start with {@code CATMODEL}: not a catstream model at all. */
        BAD_MAGIC("bad-magic"),
        /** A format version this reader does not know (written by a newer catstream). */
        UNKNOWN_FORMAT_VERSION("unknown-format-version"),
        /** Fewer bytes than the prefix, header or parameter section announce. */
        TRUNCATED("truncated"),
        /** More bytes after the parameters than the header announces. */
        TRAILING_BYTES("trailing-bytes"),
        /** Larger than one Java array (2 GiB) can hold: no valid model is that large. */
        TOO_LARGE("too-large"),
        /** The JSON header is unreadable or a field is missing, of the wrong type or out of range. */
        BAD_HEADER("bad-header"),
        /** The parameter bytes do not hash to the header's {@code parametersSha256}. */
        CHECKSUM_MISMATCH("checksum-mismatch"),
        /**
         * An array's shape does not follow from {@code dims} (W_l is n_l × n_{l-1}, b_l is n_l × 1) or, in version 2,
         * from the architecture's layers.
         */
        DIMS_DO_NOT_CHAIN("dims-do-not-chain"),
        /**
         * The input contract does not fit the network (3·S² ≠ dims[0], or a convolutional input other than
         * S×S×3) or asks for something unsupported.
         */
        CONTRACT_MISMATCH("contract-mismatch"),
        /** A weight or bias is NaN or infinite. */
        NON_FINITE_PARAMETER("non-finite-parameter"),
        /**
         * {@code input.mean}/{@code input.std} are unusable: only one set, lengths neither 3 nor 3·S², a value not
         * finite, or a std ≤ 0 (in a version-2 file; a version-1 file that sets them is a {@link #CONTRACT_MISMATCH}).
         */
        BAD_STANDARDISATION("bad-standardisation"),
        /** The architecture is not a network: an unknown layer, pooling after a dense layer, no final dense1, ... */
        BAD_ARCHITECTURE("bad-architecture"),
        /** More layers, or a larger input or activation, than a model may have (the scorer allocates them). */
        NETWORK_TOO_LARGE("network-too-large"),
        /** ONNX Runtime's native library does not load on this platform: no ONNX model can be used here. */
        ONNX_RUNTIME_UNAVAILABLE("onnx-runtime-unavailable"),
        /** ONNX Runtime cannot parse or load the ONNX model (truncated, corrupt, an invalid graph). */
        ONNX_UNREADABLE("onnx-unreadable"),
        /** The ONNX model needs an operator, operator set or domain that this ONNX Runtime does not implement. */
        ONNX_UNSUPPORTED_OPERATOR("onnx-unsupported-operator"),
        /** The ONNX model does not have exactly one float input of the declared layout and the contract's image shape. */
        ONNX_INPUT_MISMATCH("onnx-input-mismatch"),
        /** The ONNX model does not have exactly one float output with the number of values its output rule needs. */
        ONNX_OUTPUT_MISMATCH("onnx-output-mismatch"),
        /** On the probe image, the ONNX model's output rule gives no finite probability in [0, 1]. */
        ONNX_NOT_A_PROBABILITY("onnx-not-a-probability");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;
    private final String detail;

    public InvalidModelException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public InvalidModelException(Reason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause);
        this.reason = reason;
        this.detail = detail;
    }

    public Reason reason() {
        return reason;
    }

    /** The explanation without the reason code. */
    public String detail() {
        return detail;
    }
}
