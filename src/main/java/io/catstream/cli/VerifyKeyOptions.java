package io.catstream.cli;

import io.catstream.registry.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import picocli.CommandLine.Option;

/** {@code --verify-key}: for commands that read models (the scorer) and, inside {@link SigningOptions}, the rest. */
final class VerifyKeyOptions {

    @Option(names = "--verify-key", paramLabel = "FILE", defaultValue = "${env:CATSTREAM_VERIFY_KEY}",
            description = "Ed25519 public key (X.509 PEM): accept only models and activations signed by it "
                    + "(default: $CATSTREAM_VERIFY_KEY).")
    Path verifyKey;

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
}
