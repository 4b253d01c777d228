package io.catstream.cli;

import io.catstream.model.ModelArtifact;
import io.catstream.nn.Npz;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code catstream export-npz}: a model's weights as a NumPy archive. */
@Command(name = "export-npz", mixinStandardHelpOptions = true,
        description = "Write a model's weights W1..WL, b1..bL to a NumPy .npz archive (np.load reads it).")
final class ExportNpzCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file to export.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "P.npz", description = "Archive to write (replaced if it exists).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelArtifact artifact = ModelFiles.read(model, "--model");
        ModelFiles.requireParentDirectory(out, "--out");
        try {
            Npz.write(out, artifact.parameters().toArrays());
        } catch (UncheckedIOException e) {
            throw new UserError("cannot write --out " + out + ": " + e.getCause().getMessage(), e);
        }
        spec.commandLine().getOut().println("wrote " + out + ": " + 2 * artifact.shape().layers() + " arrays of model '"
                + artifact.name() + "' (dims " + artifact.shape() + ")");
        return 0;
    }
}
