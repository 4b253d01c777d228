package io.catstream.cli;

import io.catstream.image.Standardisation;
import io.catstream.model.InputContract;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelValidator;
import io.catstream.model.TrainingFacts;
import io.catstream.onnx.OnnxGraph;
import io.catstream.onnx.OutputRule;
import io.catstream.onnx.TensorLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code catstream import-onnx}: a model file (format version 3) that carries an ONNX model from another framework
 * and the contract to feed it, validated by ONNX Runtime before it is written (docs/onnx.md).
 */
@Command(name = "import-onnx", mixinStandardHelpOptions = true,
        description = {"Build a catstream model file from an ONNX model (e.g. torch.onnx.export) and its input contract.",
            "Images are resized to SxS RGB exactly as for every catstream model, divided by --scale, standardised with "
                + "--mean/--std per channel, put in --layout order, and the output turned into p(cat) by --output.",
            "ONNX Runtime must load the model, and the output rule must give a probability on a probe image."})
final class ImportOnnxCommand implements Callable<Integer> {

    @Option(names = "--onnx", required = true, paramLabel = "F.onnx", description = "The ONNX model (opset 7 or later).")
    Path onnx;

    @Option(names = "--image-size", required = true, paramLabel = "S", description = "Side of the square RGB image the model takes.")
    int imageSize;

    @Option(names = "--layout", defaultValue = "nchw", paramLabel = "nchw|nhwc",
            description = "Order of the input tensor: nchw (PyTorch) or nhwc (Keras/TensorFlow). Default: ${DEFAULT-VALUE}.")
    String layout;

    @Option(names = "--scale", defaultValue = "255", paramLabel = "D",
            description = "Each 8-bit value is divided by D before --mean/--std: 255 for [0, 1] (torchvision ToTensor), "
                    + "1 for raw 0..255. Default: ${DEFAULT-VALUE}.")
    double scale;

    @Option(names = "--mean", split = ",", paramLabel = "R,G,B",
            description = "Per-channel mean subtracted after the division, e.g. 0.485,0.456,0.406 (ImageNet).")
    double[] mean;

    @Option(names = "--std", split = ",", paramLabel = "R,G,B",
            description = "Per-channel standard deviation divided by after the mean, e.g. 0.229,0.224,0.225 (ImageNet).")
    double[] std;

    @Option(names = "--output", required = true, paramLabel = "RULE",
            description = "How the output becomes p(cat): sigmoid (the model outputs p(cat)), logit (one logit), "
                    + "softmax:INDEX (class scores; INDEX = the cat class).")
    String output;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write (replaced if it exists).")
    Path out;

    @Option(names = "--name", defaultValue = ModelArtifact.DEFAULT_NAME,
            description = "Model name (letters, digits, '.', '_', '-'). Default: ${DEFAULT-VALUE}.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelFiles.requireFile(onnx, "--onnx");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (IOException | OutOfMemoryError e) {
            throw new UserError("cannot read --onnx " + onnx + ": " + e.getMessage(), e);
        }
        ModelArtifact artifact;
        try {
            OnnxGraph graph = new OnnxGraph(bytes, TensorLayout.parse(layout), OutputRule.parse(output));
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("importedFrom", String.valueOf(onnx.getFileName()));
            extra.put("onnxScale", format(new double[] {scale}));
            if (mean != null) {
                extra.put("onnxMean", format(mean));
            }
            if (std != null) {
                extra.put("onnxStd", format(std));
            }
            artifact = ModelArtifact.ofOnnx(name, contract(imageSize, scale, mean, std), TrainingFacts.imported(Instant.now()),
                    extra, graph);
        } catch (IllegalArgumentException e) {
            throw new UserError("invalid import-onnx options: " + e.getMessage(), e);
        }
        try {
            ModelValidator.validate(artifact);
        } catch (InvalidModelException e) {
            throw new UserError("--onnx " + onnx + " cannot become a model (" + e.getMessage() + ")", e);
        }
        ModelFiles.write(out, artifact, "--out");
        spec.commandLine().getOut().println("wrote " + out + ": model '" + artifact.name() + "', " + artifact.describeNetwork()
                + ", " + imageSize + "x" + imageSize + " RGB input, " + artifact.input().describeStandardisation()
                + ", sha256 " + artifact.parametersSha256());
        return 0;
    }

    /**
     * The catstream contract equal to "divide by {@code scale}, then {@code (x − mean) / std} per channel": the
     * preprocessing always divides by 255 first, so {@code x/D = (x/255) / (D/255)} and the pair becomes
     * {@code mean·D/255}, {@code std·D/255}. With D = 255 the user's mean and std are kept exactly.
     */
    static InputContract contract(int imageSize, double scale, double[] mean, double[] std) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("--scale must be a positive number such as 255 or 1, got " + scale);
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("--mean and --std go together (for none, give neither)");
        }
        if (mean != null && (mean.length != 3 || std.length != 3)) {
            throw new IllegalArgumentException("--mean and --std take 3 values each (R,G,B), got " + mean.length
                    + " and " + std.length);
        }
        InputContract rgb = InputContract.rgb(imageSize);
        double factor = scale / InputContract.BYTE_DIVISOR;
        if (mean == null && factor == 1) {
            return rgb;
        }
        double[] m = mean == null ? new double[3] : mean.clone();
        double[] s = std == null ? new double[] {1, 1, 1} : std.clone();
        if (factor != 1) {
            for (int c = 0; c < 3; c++) {
                m[c] *= factor;
                s[c] *= factor;
            }
        }
        return rgb.withStandardisation(new Standardisation(m, s));
    }

    private static String format(double[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%s", v)).toList());
    }
}
