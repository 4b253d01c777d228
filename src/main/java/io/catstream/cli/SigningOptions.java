package io.catstream.cli;

import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.RecordSigner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Key files for signing ({@code --sign-key}) and verifying ({@code --verify-key}) registry records. */
final class SigningOptions {

    @Option(names = "--sign-key", paramLabel = "FILE",
            description = "Ed25519 private key (PKCS#8 PEM from 'catstream keys generate') to sign the records with.")
    Path signKey;

    @Mixin
    VerifyKeyOptions verification = new VerifyKeyOptions();

    @Mixin
    ControllerKeyOptions controller = new ControllerKeyOptions();

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
        return verification.verifyKey();
    }

    /** Whether a verify key was given: records are then checked against it. */
    boolean verifies() {
        return verification.verifyKey != null;
    }

    ModelRecordValidator validator() {
        return new ModelRecordValidator(verifyKey(), controllerKeys());
    }

    List<PublicKey> controllerKeys() {
        return controller.keys(verification);
    }

    /**
     * For pointers and decisions: like {@link #signerMatchingVerifyKey()}, but the sign key may also be the pair of
     * a --controller-key.
     */
    RecordSigner signerTrustedForPointers() {
        RecordSigner signer = signer();
        if (signer != null && controllerKeys().contains(signer.publicKey())) {
            return signer;
        }
        return signerMatchingVerifyKey();
    }

    /**
     * Refuses, before anything is written, a signing setup consumers with {@code --verify-key} would reject:
     * no signing key, or one that is not the verify key's pair.
     */
    RecordSigner signerMatchingVerifyKey() {
        RecordSigner signer = signer();
        PublicKey verify = verifyKey();
        if (verify != null && signer == null) {
            throw new UserError("signature-missing: --verify-key " + verification.verifyKey + " is set, so consumers accept only signed "
                    + "records; pass --sign-key with its private key");
        }
        if (verify != null && !verify.equals(signer.publicKey())) {
            throw new UserError("signature-invalid: --sign-key " + signKey + " (key id " + signer.keyId() + ") is not the pair of "
                    + "--verify-key " + verification.verifyKey + " (key id " + Ed25519Keys.keyId(verify) + "); consumers would refuse the record");
        }
        return signer;
    }
}
