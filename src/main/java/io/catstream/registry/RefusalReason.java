package io.catstream.registry;

import io.catstream.model.InvalidModelException;

/**
 * Why a record of the model topic was not accepted. {@link #code()} is stable (lowercase, hyphenated), safe as a
 * metric tag; the model-file reasons keep the codes of {@link InvalidModelException.Reason}.
 */
public enum RefusalReason {
    // ---- the value is not a usable model (InvalidModelException.Reason) ----
    BAD_MAGIC(InvalidModelException.Reason.BAD_MAGIC),
    UNKNOWN_FORMAT_VERSION(InvalidModelException.Reason.UNKNOWN_FORMAT_VERSION),
    TRUNCATED(InvalidModelException.Reason.TRUNCATED),
    TRAILING_BYTES(InvalidModelException.Reason.TRAILING_BYTES),
    TOO_LARGE(InvalidModelException.Reason.TOO_LARGE),
    BAD_HEADER(InvalidModelException.Reason.BAD_HEADER),
    /** The value does not hash to {@code catstream.sha256}, or the parameters not to the model's own checksum. */
    CHECKSUM_MISMATCH(InvalidModelException.Reason.CHECKSUM_MISMATCH),
    DIMS_DO_NOT_CHAIN(InvalidModelException.Reason.DIMS_DO_NOT_CHAIN),
    CONTRACT_MISMATCH(InvalidModelException.Reason.CONTRACT_MISMATCH),
    NON_FINITE_PARAMETER(InvalidModelException.Reason.NON_FINITE_PARAMETER),
    BAD_STANDARDISATION(InvalidModelException.Reason.BAD_STANDARDISATION),
    BAD_ARCHITECTURE(InvalidModelException.Reason.BAD_ARCHITECTURE),
    NETWORK_TOO_LARGE(InvalidModelException.Reason.NETWORK_TOO_LARGE),
    ONNX_RUNTIME_UNAVAILABLE(InvalidModelException.Reason.ONNX_RUNTIME_UNAVAILABLE),
    ONNX_UNREADABLE(InvalidModelException.Reason.ONNX_UNREADABLE),
    ONNX_UNSUPPORTED_OPERATOR(InvalidModelException.Reason.ONNX_UNSUPPORTED_OPERATOR),
    ONNX_INPUT_MISMATCH(InvalidModelException.Reason.ONNX_INPUT_MISMATCH),
    ONNX_OUTPUT_MISMATCH(InvalidModelException.Reason.ONNX_OUTPUT_MISMATCH),
    ONNX_NOT_A_PROBABILITY(InvalidModelException.Reason.ONNX_NOT_A_PROBABILITY),
    // ---- the record around it ----
    /** The key is none of the documented forms ({@link RegistryKey}). */
    BAD_KEY("bad-key"),
    /** {@code catstream.kind} is missing or does not fit the key. */
    BAD_KIND("bad-kind"),
    /** A required header is missing or unreadable. */
    MISSING_HEADER("missing-header"),
    /** The key, the headers and the model (or activation) do not name the same model. */
    NAME_MISMATCH("name-mismatch"),
    /** The key and the headers (or activation value) do not carry the same version. */
    VERSION_MISMATCH("version-mismatch"),
    /** A verify key is configured and the record carries no signature. */
    SIGNATURE_MISSING("signature-missing"),
    /** The signature does not verify with the configured key (wrong key, or content changed after signing). */
    SIGNATURE_INVALID("signature-invalid"),
    /** The activation value is not the documented JSON. */
    BAD_ACTIVATION("bad-activation"),
    /** The activation points at a version the registry has not accepted. */
    UNKNOWN_VERSION("unknown-version"),
    /** The activation is older than the one in force: a replayed pointer, i.e. an attempted downgrade. */
    STALE_ACTIVATION("stale-activation"),
    /** A second, different record for a version already accepted: versions are immutable. */
    VERSION_CONFLICT("version-conflict"),
    /** The challenger pointer's value is not the documented JSON, or it names the champion itself. */
    BAD_CHALLENGER("bad-challenger"),
    /** A decision record's value is not the documented JSON, or it does not fit its key. */
    BAD_DECISION("bad-decision"),
    /** Keys are configured and a challenger or decision record carries no signature. */
    UNSIGNED_DECISION("unsigned-decision"),
    /**
     * A challenger or decision record whose signature verifies with no trusted key (trainer or controller): forged,
     * signed by an untrusted key, or its evidence altered after signing.
     */
    FORGED_DECISION("forged-decision"),
    /** The challenger pointer is older than the one in force (replay). */
    STALE_CHALLENGER("stale-challenger"),
    /** An automatic activation (gate or rollback watch) while a person has pinned the champion. */
    PINNED("pinned"),
    /** A null value (deletion); this version does not delete models. */
    TOMBSTONE("tombstone");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    /** A model-file reason keeps the code {@link InvalidModelException.Reason} gives it: one spelling per reason. */
    RefusalReason(InvalidModelException.Reason reason) {
        this(reason.code());
    }

    public String code() {
        return code;
    }

    public static RefusalReason of(InvalidModelException.Reason reason) {
        return valueOf(reason.name());
    }
}
