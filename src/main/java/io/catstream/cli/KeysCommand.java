package io.catstream.cli;

import io.catstream.registry.Ed25519Keys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream keys generate}: an Ed25519 key pair for signing models. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage model-signing keys.",
        subcommands = KeysCommand.Generate.class)
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write an Ed25519 key pair: NAME.key (PKCS#8 PEM, mode 600: for 'publish --sign-key')",
                "and NAME.pub (X.509 PEM: for consumers' --verify-key). Refuses to overwrite."})
    static final class Generate implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the two files (created if missing).")
        Path out;

        @Option(names = "--name", defaultValue = "catstream-signing", description = "File name stem (default: ${DEFAULT-VALUE}).")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path privateFile = out.resolve(name + ".key");
            Path publicFile = out.resolve(name + ".pub");
            if (Files.exists(privateFile) || Files.exists(publicFile)) {
                throw new UserError(privateFile + " or " + publicFile + " exists already; choose another --out or --name");
            }
            KeyPair pair = Ed25519Keys.generate();
            try {
                Files.createDirectories(out);
                Ed25519Keys.writePrivate(privateFile, pair.getPrivate());
                Ed25519Keys.writePublic(publicFile, pair.getPublic());
            } catch (IOException e) {
                throw new UserError("cannot write keys to --out " + out + ": " + e.getMessage(), e);
            }
            PrintWriter print = spec.commandLine().getOut();
            print.println("wrote " + privateFile + " (private, keep secret) and " + publicFile + " (public)");
            print.println("key id " + Ed25519Keys.keyId(pair.getPublic()));
            return 0;
        }
    }
}
