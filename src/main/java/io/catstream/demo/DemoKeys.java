package io.catstream.demo;

import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.RecordSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo's two signing keys, as {@code catstream keys generate} writes them, in a temporary directory deleted at the
 * end: the trainer's (signs the models and the pointers a person writes; the scorer's {@code --verify-key}) and the
 * controller's (the scorer's {@code --controller-signing-key}: its gate task signs decisions and pointers with it,
 * never models). The scorer runs with both, so every decision it reads is signature-checked.
 */
record DemoKeys(Path dir, RecordSigner trainer, RecordSigner controller) implements AutoCloseable {

    /** Generates both key pairs into a new temporary directory and reads them back as the scorer would. */
    static DemoKeys generate() {
        try {
            Path dir = Files.createTempDirectory("catstream-demo-keys");
            return new DemoKeys(dir, write(dir.resolve("trainer.key")), write(dir.resolve("controller.key")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's keys to a temporary directory", e);
        }
    }

    private static RecordSigner write(Path file) throws IOException {
        Ed25519Keys.writePrivate(file, Ed25519Keys.generate().getPrivate());
        return RecordSigner.of(Ed25519Keys.readPrivate(file));
    }

    @Override
    public void close() {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo's keys in " + dir, e);
        }
    }
}
