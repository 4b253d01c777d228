package io.catstream.registry;

import java.security.PrivateKey;
import java.security.PublicKey;

/** A private key with its public half and key id, for publishers. */
public record RecordSigner(PrivateKey privateKey, PublicKey publicKey, String keyId) {

    public static RecordSigner of(PrivateKey privateKey) {
        PublicKey publicKey = Ed25519Keys.publicKeyOf(privateKey);
        return new RecordSigner(privateKey, publicKey, Ed25519Keys.keyId(publicKey));
    }

    public String sign(byte[] canonical) {
        return RecordSignature.sign(privateKey, canonical);
    }
}
