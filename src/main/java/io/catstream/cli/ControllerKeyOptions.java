package io.catstream.cli;

import io.catstream.registry.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --controller-key}: the promotion gate's public keys, trusted beside {@code --verify-key} for pointers and
 * decisions; for the commands that write role records ({@code models}, inside {@link SigningOptions}) and for the
 * scorer ({@code serve}), which must accept what the gate writes.
 */
final class ControllerKeyOptions {

    @Option(names = "--controller-key", paramLabel = "FILE", split = ",", defaultValue = "${env:CATSTREAM_CONTROLLER_KEYS}",
            description = "Ed25519 public key of a controller (the promotion gate), trusted beside --verify-key for "
                    + "activations, challengers and decisions, never for models; repeatable or comma-separated, e.g. old "
                    + "and new during a rotation (default: $CATSTREAM_CONTROLLER_KEYS).")
    List<Path> files = new ArrayList<>();

    /** The keys, read and checked; {@code verification} must hold a verify key when there is any. */
    List<PublicKey> keys(VerifyKeyOptions verification) {
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        if (verification.verifyKey == null) {
            throw new UserError("--controller-key needs --verify-key: without the trainer's key no signature is checked at all");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (Path file : files) {
            ModelFiles.requireFile(file, "--controller-key");
            try {
                keys.add(Ed25519Keys.readPublic(file));
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError("cannot use --controller-key " + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }
}
