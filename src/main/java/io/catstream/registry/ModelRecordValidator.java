package io.catstream.registry;

import io.catstream.kafka.RecordLimits;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.Sha256;
import java.security.PublicKey;
import java.util.List;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Turns one record of the model topic into a {@link PublishedModel}, an {@link Activation} or a {@link Refusal}.
 * Knows nothing about how records arrive (consumer, Streams global store, a test), holds no state, and never
 * throws for bad records. Checks, cheapest first, and before the value is parsed:
 * <ol>
 *   <li>key {@code <name>@<version>}, {@code <name>@active}, {@code <name>@challenger} or
 *       {@code <name>@decision-<version>[-rollback]}; {@code catstream.kind} fits it; value not null</li>
 *   <li>headers {@code catstream.name}/{@code catstream.version} equal the key's</li>
 *   <li>model: the value fits a record of the topic ({@link RecordLimits#modelRecordBytes()}) and
 *       {@code catstream.sha256} equals its SHA-256</li>
 *   <li>with a verify key: a signature over the canonical bytes ({@link RecordSignature}) by that key or, for
 *       pointers and decisions, by a controller key ({@link TrustedKeys})</li>
 *   <li>model: {@link ModelCodec#decode} (format version, truncation, own checksum, architecture, contract,
 *       standardisation, limits, NaN/Inf)
 *       and the model's own name equals the key's; activation: the JSON, its name and version equal the key's;
 *       challenger and decision: signature first (it covers the whole value), then the JSON ({@link RoleRecordChecks})</li>
 * </ol>
 * Without a verify key signatures are not checked (development); with one, unsigned records are refused.
 */
public final class ModelRecordValidator {

    private final TrustedKeys keys;

    /** @param verifyKey the trainer's key, the only one whose signatures are accepted, or null to accept unsigned records */
    public ModelRecordValidator(PublicKey verifyKey) {
        this(verifyKey, List.of());
    }

    /**
     * @param verifyKey      the trainer's key: signs everything; null accepts unsigned records (then no controller keys)
     * @param controllerKeys keys that may also sign activations, challengers and decisions (the promotion gate's)
     */
    public ModelRecordValidator(PublicKey verifyKey, List<PublicKey> controllerKeys) {
        this.keys = new TrustedKeys(verifyKey, List.copyOf(controllerKeys));
    }

    public static ModelRecordValidator unsigned() {
        return new ModelRecordValidator(null);
    }

    public boolean verifiesSignatures() {
        return keys.any();
    }

    public RegistryRecord validate(ConsumerRecord<String, byte[]> record) {
        return validate(record.key(), record.headers(), record.value(), record.offset());
    }

    /** @param offset the record's offset, kept on an accepted model (-1 if unknown) */
    public RegistryRecord validate(String key, Headers headers, byte[] value, long offset) {
        try {
            return check(key, headers, value, offset);
        } catch (RuntimeException e) {
            // defence in depth: a bug in a check must not let a record through or crash the consumer
            return new Refusal(key, RefusalReason.BAD_HEADER, "unreadable record (" + e + ")");
        }
    }

    private RegistryRecord check(String key, Headers headers, byte[] value, long offset) {
        RegistryKey parsed = RegistryKey.parse(key);
        if (parsed == null) {
            return new Refusal(key, RefusalReason.BAD_KEY, "key " + quote(key) + " is not <name>@<version>, <name>@active, "
                    + "<name>@challenger or <name>@decision-<version>[-rollback|-watch-ended]");
        }
        String kind = RegistryHeaders.text(headers, RegistryHeaders.KIND);
        String expectedKind = parsed.role().kind();
        if (!expectedKind.equals(kind)) {
            return new Refusal(key, RefusalReason.BAD_KIND, "header " + RegistryHeaders.KIND + " is " + quote(kind)
                    + ", a key like " + key + " needs '" + expectedKind + "'");
        }
        if (value == null) {
            return new Refusal(key, RefusalReason.TOMBSTONE, "null value (deletion): versions and pointers are not deleted");
        }
        String name = RegistryHeaders.text(headers, RegistryHeaders.NAME);
        if (name != null && !name.equals(parsed.name())) {
            return new Refusal(key, RefusalReason.NAME_MISMATCH, "header " + RegistryHeaders.NAME + " is " + quote(name)
                    + " but the key names '" + parsed.name() + "'");
        }
        String version = RegistryHeaders.text(headers, RegistryHeaders.VERSION);
        return switch (parsed.role()) {
            case VERSION -> checkModel(parsed, key, headers, value, name, version, offset);
            case ACTIVE -> checkActivation(parsed, key, headers, value, version);
            case CHALLENGER, DECISION, ROLLBACK, WATCH_ENDED -> RoleRecordChecks.check(parsed, key, headers, value, keys);
        };
    }

    private RegistryRecord checkModel(RegistryKey parsed, String key, Headers headers, byte[] value, String name,
                                      String version, long offset) {
        if (name == null || version == null) {
            return missing(key, name == null ? RegistryHeaders.NAME : RegistryHeaders.VERSION);
        }
        if (!version.equals(Integer.toString(parsed.version()))) {
            return new Refusal(key, RefusalReason.VERSION_MISMATCH, "header " + RegistryHeaders.VERSION + " is "
                    + quote(version) + " but the key says version " + parsed.version());
        }
        if (value.length > RecordLimits.builtIn().modelRecordBytes()) {
            // What the topic could never carry is refused before hashing: this bounds a model's parameters
            // (about 2 million float64) wherever the registry's rules apply, publish included.
            return new Refusal(key, RefusalReason.TOO_LARGE, "the value is " + value.length + " bytes, above the "
                    + RecordLimits.builtIn().modelRecordBytes() + " bytes a record of the model topic holds: train a smaller network");
        }
        String statedSha = RegistryHeaders.text(headers, RegistryHeaders.SHA256);
        if (statedSha == null) {
            return missing(key, RegistryHeaders.SHA256);
        }
        String sha = Sha256.hex(value);
        if (!sha.equals(statedSha)) {
            return new Refusal(key, RefusalReason.CHECKSUM_MISMATCH, "the value (" + value.length + " bytes) hashes to "
                    + sha + " but header " + RegistryHeaders.SHA256 + " says " + statedSha + ": corrupt or altered");
        }
        String publishedAtText = RegistryHeaders.text(headers, RegistryHeaders.PUBLISHED_AT);
        Instant publishedAt;
        try {
            publishedAt = publishedAtText == null ? null : Instant.parse(publishedAtText);
        } catch (DateTimeParseException e) {
            return new Refusal(key, RefusalReason.MISSING_HEADER, "header " + RegistryHeaders.PUBLISHED_AT + " "
                    + quote(publishedAtText) + " is not an ISO-8601 instant");
        }
        if (publishedAt == null) {
            return missing(key, RegistryHeaders.PUBLISHED_AT);
        }
        Refusal unsigned = keys.check(key, headers, RecordSignature.modelBytes(parsed.name(), parsed.version(), sha),
                TrustedKeys.Scope.MODEL, RefusalReason.SIGNATURE_MISSING, RefusalReason.SIGNATURE_INVALID);
        if (unsigned != null) {
            return unsigned;
        }
        ModelArtifact artifact;
        try {
            artifact = ModelCodec.decode(value);
        } catch (InvalidModelException e) {
            return new Refusal(key, RefusalReason.of(e.reason()), e.detail());
        }
        if (!artifact.name().equals(parsed.name())) {
            return new Refusal(key, RefusalReason.NAME_MISMATCH, "the model inside is named '" + artifact.name()
                    + "' but the key names '" + parsed.name() + "'");
        }
        return new PublishedModel(parsed.name(), parsed.version(), artifact, publishedAt, sha, value.length,
                RegistryHeaders.text(headers, RegistryHeaders.KEY_ID), offset);
    }

    private RegistryRecord checkActivation(RegistryKey parsed, String key, Headers headers, byte[] value, String version) {
        Activation.Parsed activation;
        try {
            activation = Activation.parse(value, RegistryHeaders.text(headers, RegistryHeaders.KEY_ID));
        } catch (IllegalArgumentException e) {
            return new Refusal(key, RefusalReason.BAD_ACTIVATION, e.getMessage());
        }
        Activation a = activation.activation();
        if (!a.name().equals(parsed.name())) {
            return new Refusal(key, RefusalReason.NAME_MISMATCH, "the activation names '" + a.name()
                    + "' but the key names '" + parsed.name() + "'");
        }
        if (version != null && !version.equals(Integer.toString(a.version()))) {
            return new Refusal(key, RefusalReason.VERSION_MISMATCH, "header " + RegistryHeaders.VERSION + " is "
                    + quote(version) + " but the activation's value says version " + a.version());
        }
        byte[] canonical = a.signsWholeValue() ? RecordSignature.activationV2Bytes(a.name(), a.version(), value)
                : RecordSignature.activationBytes(a.name(), a.version(), activation.activatedAtText());
        Refusal unsigned = keys.check(key, headers, canonical, TrustedKeys.Scope.POINTER,
                RefusalReason.SIGNATURE_MISSING, RefusalReason.SIGNATURE_INVALID);
        return unsigned != null ? unsigned : a;
    }

    private static Refusal missing(String key, String header) {
        return new Refusal(key, RefusalReason.MISSING_HEADER, "header " + header + " is missing");
    }

    static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        return "'" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
    }
}
