package io.catstream.cli;

import io.catstream.model.ModelArtifact;
import io.catstream.numpy.NdArray;
import io.catstream.numpy.Npz;
import io.catstream.nn.layered.ParamSpec;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        if (artifact.isOnnx()) {
            throw new UserError("--model " + model + " is an imported ONNX model, which has no W/b arrays to export; "
                    + "its ONNX file is the original (catstream show-model describes it)");
        }
        ModelFiles.requireParentDirectory(out, "--out");
        try {
            Npz.write(out, arrays(artifact));
        } catch (UncheckedIOException e) {
            throw new UserError("cannot write --out " + out + ": " + e.getCause().getMessage(), e);
        }
        spec.commandLine().getOut().println("wrote " + out + ": " + artifact.arrays().size() + " arrays of model '"
                + artifact.name() + "' (" + (artifact.isDenseOnly() ? "dims " : "") + artifact.describeNetwork() + ")");
        return 0;
    }

    /** W1, b1, ... with the shapes of the model file (a convolution's W is filters × 3·3·C_in). */
    private static Map<String, NdArray> arrays(ModelArtifact artifact) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        List<ParamSpec> specs = artifact.architecture().parameters();
        for (int i = 0; i < specs.size(); i++) {
            arrays.put(specs.get(i).name(), new NdArray(new int[] {specs.get(i).rows(), specs.get(i).cols()},
                    artifact.arrays().get(i).clone()));
        }
        return arrays;
    }
}
