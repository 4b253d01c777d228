package io.catstream.cli;

import io.catstream.gate.GateSettings;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.RecordSigner;
import io.catstream.stream.GateConfig;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The gate task's options of {@code serve}: the controller's signing key and the gate's labelled-image range. */
final class GateOptions {

    @Option(names = "--controller-signing-key", paramLabel = "FILE", defaultValue = "${env:CATSTREAM_CONTROLLER_SIGNING_KEY}",
            description = "Ed25519 private key of the controller (PKCS#8 PEM from 'catstream keys generate'): the gate "
                    + "task signs its decisions and pointers with it, and the scorer trusts its public half beside "
                    + "--verify-key. Without it the gate counts and exports metrics but writes no decision "
                    + "(default: $CATSTREAM_CONTROLLER_SIGNING_KEY).")
    Path signingKey;

    @Option(names = "--gate-min-labelled", paramLabel = "N",
            description = "No gate decision before this many labelled images both models scored (default: "
                    + "${DEFAULT-VALUE}).", defaultValue = "200")
    long minLabelled = GateSettings.DEFAULTS.minLabelled();

    @Option(names = "--gate-max-labelled", paramLabel = "N",
            description = "Undecided at this many labelled images: the challenger is rejected (default: ${DEFAULT-VALUE}).",
            defaultValue = "20000")
    long maxLabelled = GateSettings.DEFAULTS.maxLabelled();

    GateConfig config() {
        GateConfig config;
        try {
            config = GateConfig.COUNT_ONLY.withSettings(GateSettings.DEFAULTS.withLabelledRange(minLabelled, maxLabelled));
        } catch (IllegalArgumentException e) {
            throw new UserError("--gate-min-labelled/--gate-max-labelled: " + e.getMessage(), e);
        }
        if (signingKey == null) {
            return config;
        }
        ModelFiles.requireFile(signingKey, "--controller-signing-key");
        try {
            return config.withSigner(RecordSigner.of(Ed25519Keys.readPrivate(signingKey)));
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("cannot use --controller-signing-key " + signingKey + ": " + e.getMessage(), e);
        }
    }
}
