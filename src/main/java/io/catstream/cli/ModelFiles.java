package io.catstream.cli;

import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing model files for commands: every failure becomes a one-line {@link UserError}. */
final class ModelFiles {

    private ModelFiles() {
    }

    static ModelArtifact read(Path file, String option) {
        return decode(readBytes(file, option), file, option);
    }

    /** The model in {@code bytes}, already read from {@code file} (for a command that also needs the raw bytes). */
    static ModelArtifact decode(byte[] bytes, Path file, String option) {
        try {
            return ModelCodec.decode(bytes);
        } catch (InvalidModelException e) {
            throw refused(file, option, e);
        }
    }

    static byte[] readBytes(Path file, String option) {
        requireFile(file, option);
        try {
            return ModelCodec.readBytes(file);
        } catch (InvalidModelException e) {
            throw refused(file, option, e);
        } catch (UncheckedIOException e) {
            throw new UserError("cannot read " + option + " " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    static void write(Path file, ModelArtifact model, String option) {
        requireParentDirectory(file, option);
        try {
            ModelCodec.write(file, model);
        } catch (InvalidModelException e) {
            throw new UserError("refusing to write " + option + " " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UserError("cannot write " + option + " " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    static UserError refused(Path file, String option, InvalidModelException e) {
        String hint = e.reason() == InvalidModelException.Reason.BAD_MAGIC && file.toString().endsWith(".npz")
                ? "; to make a model from NumPy weights use 'catstream import-npz'" : "";
        return new UserError(option + " " + file + " is not a usable catstream model (" + e.getMessage() + ")" + hint, e);
    }

    static void requireFile(Path file, String option) {
        if (!Files.exists(file)) {
            throw new UserError(option + " " + file + " does not exist; check the path");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(option + " " + file + " is not a regular file");
        }
    }

    static void requireParentDirectory(Path file, String option) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserError(option + " " + file + ": directory " + parent + " does not exist; create it first");
        }
    }
}
