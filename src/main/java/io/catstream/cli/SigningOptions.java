package io.catstream.cli;

import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.RecordSigner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import picocli.CommandLine.Option;

/** Key files for signing ({@code --sign-key}) and verifying ({@code --verify-key}) registry records. */
final class SigningOptions {

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "Ed25519 private key (PKCS#8 PEM from 'catstream keys generate') to sign the records with.")
    Path signKey;

    @Option(names = "--verify-key", paramLabel = "FILE", defaultValue = "${env:CATSTREAM_VERIFY_KEY}",
            description = "Ed25519 public key (X.509 PEM): accept only records signed by it (default: $CATSTREAM_VERIFY_KEY).")
    Path verifyKey;

    RecordSigner signer() {
        if (signKey == null) {
            return null;
        }
        ModelFiles.requireFile(signKey, "--sign-key");
        try {
            return RecordSigner.of(Ed25519Keys.readPrivate(signKey));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot use --sign-key " + signKey + ": " + e.getMessage(), e);
        }
    }

    PublicKey verifyKey() {
        if (verifyKey == null) {
            return null;
        }
        ModelFiles.requireFile(verifyKey, "--verify-key");
        try {
            return Ed25519Keys.readPublic(verifyKey);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot use --verify-key " + verifyKey + ": " + e.getMessage(), e);
        }
    }

    ModelRecordValidator validator() {
        return new ModelRecordValidator(verifyKey());
    }

    /**
     * Refuses, before anything is written, a signing setup consumers with {@code --verify-key} would reject:
     * no signing key, or one that is not the verify key's pair.
     */
    RecordSigner signerMatchingVerifyKey() {
        RecordSigner signer = signer();
        PublicKey verify = verifyKey();
        if (verify != null && signer == null) {
            throw new UserError("signature-missing: --verify-key " + verifyKey + " is set, so consumers accept only signed "
                    + "records; pass --sign-key with its private key");
        }
        if (verify != null && !verify.equals(signer.publicKey())) {
            throw new UserError("signature-invalid: --sign-key " + signKey + " (key id " + signer.keyId() + ") is not the pair of "
                    + "--verify-key " + verifyKey + " (key id " + Ed25519Keys.keyId(verify) + "); consumers would refuse the record");
        }
        return signer;
    }
}
