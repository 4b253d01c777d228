package io.catstream.registry;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Names of the Kafka headers on model-topic records (docs/model-registry.md); every value is UTF-8 text. */
public final class RegistryHeaders {

    /** {@code model}, {@code activation}, {@code challenger} or {@code decision}: must fit the key ({@link RegistryKey.Role#kind()}). */
    public static final String KIND = "catstream.kind";
    public static final String NAME = "catstream.name";
    /** Decimal version number. */
    public static final String VERSION = "catstream.version";
    /** SHA-256 (64 lowercase hex digits) of the record value. */
    public static final String SHA256 = "catstream.sha256";
    /** ISO-8601 instant of publication. */
    public static final String PUBLISHED_AT = "catstream.published-at";
    /** Base64 (standard alphabet, padded) Ed25519 signature of the canonical bytes ({@link RecordSignature}). */
    public static final String SIGNATURE = "catstream.signature";
    /** The signer's key id ({@link Ed25519Keys#keyId}). */
    public static final String KEY_ID = "catstream.key-id";

    public static final String KIND_MODEL = "model";
    public static final String KIND_ACTIVATION = "activation";
    public static final String KIND_CHALLENGER = "challenger";
    public static final String KIND_DECISION = "decision";

    private RegistryHeaders() {
    }

    /** The last value of header {@code name} as UTF-8 text, or null when absent. */
    public static String text(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
