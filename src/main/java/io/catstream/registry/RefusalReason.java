package io.catstream.registry;

import io.catstream.model.InvalidModelException;

/**
 * Why a record of the model topic was not accepted. {@link #code()} is stable (lowercase, hyphenated), safe as a
 * metric tag; the model-file reasons keep the codes of {@link InvalidModelException.Reason}.
 */
public enum RefusalReason {
    // ---- the value is not a usable model (InvalidModelException.Reason) ----
    BAD_MAGIC("bad-magic"),
    UNKNOWN_FORMAT_VERSION("unknown-format-version"),
    TRUNCATED("truncated"),
    TRAILING_BYTES("trailing-bytes"),
    TOO_LARGE("too-large"),
    BAD_HEADER("bad-header"),
    /** The value does not hash to {@code catstream.sha256}, or the parameters not to the model's own checksum. */
    CHECKSUM_MISMATCH("checksum-mismatch"),
    DIMS_DO_NOT_CHAIN("dims-do-not-chain"),
    CONTRACT_MISMATCH("contract-mismatch"),
    NON_FINITE_PARAMETER("non-finite-parameter"),
    BAD_STANDARDISATION("bad-standardisation"),
    BAD_ARCHITECTURE("bad-architecture"),
    NETWORK_TOO_LARGE("network-too-large"),
    // ---- the record around it ----
    /** The key is not {@code <name>@<version>} or {@code <name>@active}. */
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
    /** A null value (deletion); this version does not delete models. */
    TOMBSTONE("tombstone");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static RefusalReason of(InvalidModelException.Reason reason) {
        return valueOf(reason.name());
    }
}
