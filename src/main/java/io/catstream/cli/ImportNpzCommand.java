package io.catstream.cli;

import io.catstream.model.InputContract;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelValidator;
import io.catstream.model.TrainingFacts;
import io.catstream.numpy.NdArray;
import io.catstream.numpy.Npz;
import io.catstream.nn.Parameters;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream import-npz}: a model from NumPy weights (e.g. the reference's {@code final.npz}). */
@Command(name = "import-npz", mixinStandardHelpOptions = true,
        description = "Build a model file from NumPy weights W1..WL, b1..bL (.npz); other arrays are ignored.")
final class ImportNpzCommand implements Callable<Integer> {

    @Option(names = "--npz", required = true, paramLabel = "P.npz", description = "NumPy archive with W1, b1, ..., WL, bL.")
    Path npz;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write (replaced if it exists).")
    Path out;

    @Option(names = "--name", defaultValue = ModelArtifact.DEFAULT_NAME,
            description = "Model name (letters, digits, '.', '_', '-'). Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--image-size", paramLabel = "S",
            description = "Side of the square RGB input image. Default: derived from the input layer, dims[0] = 3·S².")
    Integer imageSize;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Parameters parameters = readParameters();
        int size = imageSize != null ? imageSize : imageSizeOf(parameters.shape().inputSize());
        ModelArtifact artifact;
        try {
            artifact = new ModelArtifact(name, InputContract.rgb(size), TrainingFacts.imported(Instant.now()),
                    Map.of("importedFrom", String.valueOf(npz.getFileName())), parameters);
        } catch (IllegalArgumentException e) {
            throw new UserError("invalid --name or --image-size: " + e.getMessage(), e);
        }
        try {
            ModelValidator.validate(artifact);
        } catch (InvalidModelException e) {
            throw new UserError("--npz " + npz + " cannot become a model (" + e.getMessage() + ")", e);
        }
        ModelFiles.write(out, artifact, "--out");
        spec.commandLine().getOut().println("wrote " + out + ": model '" + artifact.name() + "', dims " + artifact.shape()
                + ", " + size + "x" + size + " RGB input, parameters sha256 " + artifact.parametersSha256());
        return 0;
    }

    private Parameters readParameters() {
        ModelFiles.requireFile(npz, "--npz");
        Map<String, NdArray> arrays;
        try {
            arrays = Npz.read(npz);
        } catch (UncheckedIOException e) {
            throw new UserError("--npz " + npz + " is not a readable NumPy .npz archive: " + e.getCause().getMessage(), e);
        }
        try {
            return Parameters.fromArrays(arrays);
        } catch (IllegalArgumentException e) {
            throw new UserError("--npz " + npz + " does not hold a catstream network: " + e.getMessage(), e);
        }
    }

    /** S with 3·S² = inputs, or a user error: such weights cannot take an RGB image. */
    static int imageSizeOf(int inputs) {
        int s = (int) Math.round(Math.sqrt(inputs / 3.0));
        if (3L * s * s != inputs) {
            throw new UserError("the input layer has " + inputs + " units, which is not 3·S² for any image size S, "
                    + "so these weights cannot score RGB images (e.g. 49152 = 3·128²)");
        }
        return s;
    }
}
