package io.catstream.registry;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * The keys whose signatures a consumer accepts: the trainer's ({@code --verify-key}) for everything, and controller
 * keys ({@code --controller-key}, the promotion gate's) for pointers and decisions only. A controller key can
 * therefore reorder accepted versions but never bring in weights. No key at all: signatures are not checked
 * (development).
 */
final class TrustedKeys {

    /** What a record may be signed by. */
    enum Scope {
        /** version records: the trainer only */
        MODEL,
        /** activations, challengers, decisions: the trainer or a controller */
        POINTER
    }

    private final Map<String, PublicKey> trainer = new LinkedHashMap<>();
    private final Map<String, PublicKey> controllers = new LinkedHashMap<>();

    TrustedKeys(PublicKey trainerKey, List<PublicKey> controllerKeys) {
        if (trainerKey == null && !controllerKeys.isEmpty()) {
            throw new IllegalArgumentException("controller keys need a trainer (verify) key: without one, records are not checked at all");
        }
        if (trainerKey != null) {
            trainer.put(Ed25519Keys.keyId(trainerKey), trainerKey);
        }
        controllerKeys.forEach(k -> controllers.put(Ed25519Keys.keyId(k), k));
    }

    boolean any() {
        return !trainer.isEmpty();
    }

    /** Null when the signature verifies with a key allowed for {@code scope}, else the refusal (with {@code missing}/{@code invalid}). */
    Refusal check(String key, Headers headers, byte[] canonical, Scope scope, RefusalReason missing, RefusalReason invalid) {
        if (!any()) {
            return null;
        }
        Map<String, PublicKey> allowed = new LinkedHashMap<>(trainer);
        if (scope == Scope.POINTER) {
            allowed.putAll(controllers);
        }
        String signature = RegistryHeaders.text(headers, RegistryHeaders.SIGNATURE);
        if (signature == null) {
            return new Refusal(key, missing, "unsigned, but records must be signed by key " + describe(allowed));
        }
        for (PublicKey candidate : allowed.values()) {
            if (RecordSignature.verify(candidate, canonical, signature)) {
                return null;
            }
        }
        String keyId = RegistryHeaders.text(headers, RegistryHeaders.KEY_ID);
        String why = keyId == null || allowed.containsKey(keyId) ? " (content altered after signing?)"
                : controllers.containsKey(keyId) ? " (signed by controller key " + keyId + ", which may sign pointers and decisions only)"
                : " (signed by key " + keyId + ")";
        return new Refusal(key, invalid, "the signature does not verify with key " + describe(allowed) + why);
    }

    private static String describe(Map<String, PublicKey> keys) {
        return String.join(" or ", keys.keySet());
    }
}
