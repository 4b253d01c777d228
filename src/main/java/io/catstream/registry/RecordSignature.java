package io.catstream.registry;

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
 * </pre>
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
