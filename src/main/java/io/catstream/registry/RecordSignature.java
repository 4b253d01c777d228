package io.catstream.registry;

import io.catstream.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * Ed25519 signatures of registry records. What is signed is a canonical UTF-8 string, so any client can verify:
 * <pre>
 * model:      "catstream-model-v1\n"      + name + "\n" + version + "\n" + sha256(value) hex + "\n"
 * activation: "catstream-activation-v1\n" + name + "\n" + version + "\n" + activatedAt (exactly as in the JSON) + "\n"
 * activation, pinned or carrying a decision:
 *             "catstream-activation-v2\n" + name + "\n" + version + "\n" + sha256(value) hex + "\n"
 * challenger: "catstream-challenger-v1\n" + name + "\n" + sha256(value) hex + "\n"
 * decision:   "catstream-decision-v1\n"   + key  + "\n" + sha256(value) hex + "\n"
 * </pre>
 * The challenger, decision and v2 activation bytes cover the whole value: their JSON carries what a reader acts on
 * (the evidence, the pin, the automatic mark), so no field may change after signing.
 * The signature travels base64-encoded in header {@code catstream.signature}, the signer's key id in
 * {@code catstream.key-id}.
 */
public final class RecordSignature {

    private RecordSignature() {
    }

    public static byte[] modelBytes(String name, int version, String sha256) {
        return ("catstream-model-v1\n" + name + "\n" + version + "\n" + sha256 + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] activationBytes(String name, int version, String activatedAt) {
        return ("catstream-activation-v1\n" + name + "\n" + version + "\n" + activatedAt + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A pinned activation, or one carrying out a decision: the whole value is covered. */
    public static byte[] activationV2Bytes(String name, int version, byte[] value) {
        return ("catstream-activation-v2\n" + name + "\n" + version + "\n" + Sha256.hex(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] challengerBytes(String name, byte[] value) {
        return ("catstream-challenger-v1\n" + name + "\n" + Sha256.hex(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** @param key the decision's key, {@code <name>@decision-<version>[-rollback]}: a decision cannot be re-keyed */
    public static byte[] decisionBytes(RegistryKey key, byte[] value) {
        return ("catstream-decision-v1\n" + key + "\n" + Sha256.hex(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Base64 signature of {@code canonical}. */
    public static String sign(PrivateKey key, byte[] canonical) {
        try {
            Signature signer = Signature.getInstance(Ed25519Keys.ALGORITHM);
            signer.initSign(key);
            signer.update(canonical);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + key.getAlgorithm() + ": " + e, e);
        }
    }

    /** Whether {@code base64Signature} is a valid signature of {@code canonical} by {@code key}; false for malformed input. */
    public static boolean verify(PublicKey key, byte[] canonical, String base64Signature) {
        try {
            byte[] signature = Base64.getDecoder().decode(base64Signature);
            Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(canonical);
            return verifier.verify(signature);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
