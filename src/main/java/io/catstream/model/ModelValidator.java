package io.catstream.model;

import io.catstream.image.Standardisation;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.LayerSpec;
import io.catstream.nn.layered.ParamSpec;
import io.catstream.nn.layered.TensorShape;
import java.util.List;

/**
 * Decides whether an artifact may be used for scoring: its architecture is within the limits, its input contract
 * (standardisation included) fits the network, and every parameter is finite. {@link ModelCodec} runs it on every
 * encode and decode, so no file or record that fails it is ever written or read; callers building artifacts
 * (trainer, import) may run it earlier.
 */
public final class ModelValidator {

    /** More layers than any network of ours; bounds the work of reading a header. */
    public static final int MAX_LAYERS = 64;
    /**
     * Largest network input or convolution/pooling output, in values (2^24: 128 MiB of float64 per example). A
     * convolution has few parameters but the scorer allocates its activations, so the parameter bytes a record
     * carries do not bound its memory; this does. (128×128×64 is 2^20.)
     */
    public static final long MAX_ACTIVATION_VALUES = 1L << 24;

    private ModelValidator() {
    }

    /** Throws {@link InvalidModelException} with the first problem found; returns the artifact otherwise. */
    public static ModelArtifact validate(ModelArtifact model) {
        if (model.isOnnx()) {
            return validateOnnx(model);
        }
        checkLimits(model.architecture());
        checkContract(model);
        checkStandardisation(model.input());
        checkFinite(model.architecture(), model.arrays());
        return model;
    }

    /**
     * An imported ONNX model: the contract is one the preprocessing implements (RGB, HWC, standardisation per channel
     * or per feature), its image within {@link #MAX_ACTIVATION_VALUES}, then ONNX Runtime's checks and the probe
     * ({@link OnnxModels#check}).
     */
    private static ModelArtifact validateOnnx(ModelArtifact model) {
        InputContract input = model.input();
        checkChannels(input);
        if (input.featureCount() > MAX_ACTIVATION_VALUES) {
            throw new InvalidModelException(Reason.NETWORK_TOO_LARGE, "input.imageSize " + input.imageSize() + " gives "
                    + input.featureCount() + " values per image, at most " + MAX_ACTIVATION_VALUES);
        }
        checkStandardisation(input);
        try {
            input.toPreprocessing();
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "input " + input + ": " + e.getMessage(), e);
        }
        OnnxModels.check(model);
        return model;
    }

    /**
     * At most {@link #MAX_LAYERS} layers; input and every convolution/pooling output at most
     * {@link #MAX_ACTIVATION_VALUES}. Dense layers are bounded by their weights, which must be present in the bytes.
     */
    static void checkLimits(Architecture architecture) {
        List<LayerSpec> layers = architecture.layers();
        if (layers.size() > MAX_LAYERS) {
            throw new InvalidModelException(Reason.NETWORK_TOO_LARGE, layers.size() + " layers, at most " + MAX_LAYERS);
        }
        if (architecture.isDenseOnly()) {
            return;
        }
        checkActivation("the input " + architecture.input(), architecture.input());
        List<TensorShape> outputs = architecture.outputShapes();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof LayerSpec.Dense)) {
                checkActivation("layer " + (i + 1) + " (" + layers.get(i).token() + ") output " + outputs.get(i), outputs.get(i));
            }
        }
    }

    private static void checkActivation(String what, TensorShape shape) {
        if (shape.size() > MAX_ACTIVATION_VALUES) {
            throw new InvalidModelException(Reason.NETWORK_TOO_LARGE, what + " holds " + shape.size()
                    + " values, at most " + MAX_ACTIVATION_VALUES + " per example: use a smaller image size or fewer filters");
        }
    }

    static void checkContract(ModelArtifact model) {
        InputContract input = model.input();
        checkChannels(input);
        long features = input.featureCount();
        Architecture architecture = model.architecture();
        if (!architecture.isDenseOnly()) {
            // A convolution sees rows, columns and channels: the image must be exactly S×S×3, not just as many values.
            TensorShape expected = new TensorShape(input.imageSize(), input.imageSize(), input.channels().length());
            if (!architecture.input().equals(expected)) {
                throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "architecture.input is " + architecture.input()
                        + " but input.imageSize " + input.imageSize() + " gives " + expected
                        + " images; a convolutional network's input must be the contract's image");
            }
            return;
        }
        int inputs = model.shape().inputSize();
        if (features != inputs) {
            throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "input.imageSize " + input.imageSize() + " gives "
                    + input.channels().length() + "·" + input.imageSize() + "² = " + features + " features, but dims[0] = "
                    + inputs + (inputs % 3 == 0 && isSquare(inputs / 3) ? "; imageSize should be " + (int) Math.sqrt(inputs / 3.0) : ""));
        }
    }

    private static void checkChannels(InputContract input) {
        if (!InputContract.RGB.equals(input.channels()) || !InputContract.HWC.equals(input.layout())) {
            throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "input is " + input.channels() + " in "
                    + input.layout() + " order, but this version only scores " + InputContract.RGB + " in "
                    + InputContract.HWC + " order");
        }
    }

    /** Both or neither of mean/std; length 3 (per channel) or 3·S² (per feature); finite; std > 0. */
    static void checkStandardisation(InputContract input) {
        if (!input.standardises()) {
            return;
        }
        double[] mean = input.mean();
        double[] std = input.std();
        if (mean == null || std == null) {
            throw new InvalidModelException(Reason.BAD_STANDARDISATION, "input." + (mean == null ? "std" : "mean")
                    + " is set but input." + (mean == null ? "mean" : "std") + " is not: standardisation needs both");
        }
        long features = input.featureCount();
        int channels = input.channels().length();
        if (mean.length != std.length || mean.length != channels && mean.length != features) {
            throw new InvalidModelException(Reason.BAD_STANDARDISATION, "input.mean has " + mean.length
                    + " values and input.std " + std.length + "; both need " + channels + " (per channel) or " + features
                    + " (per feature, 3·" + input.imageSize() + "²)");
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i]) || !Double.isFinite(std[i]) || std[i] <= 0) {
                throw new InvalidModelException(Reason.BAD_STANDARDISATION, "input.mean[" + i + "] = " + mean[i]
                        + ", input.std[" + i + "] = " + std[i] + ": need finite values and std > 0 (a constant feature "
                        + "gets std " + Standardisation.MIN_STD + ")");
            }
        }
    }

    static void checkFinite(Architecture architecture, List<double[]> arrays) {
        List<ParamSpec> specs = architecture.parameters();
        for (int a = 0; a < arrays.size(); a++) {
            double[] values = arrays.get(a);
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                if (!Double.isFinite(v)) {
                    int cols = specs.get(a).cols();
                    throw new InvalidModelException(Reason.NON_FINITE_PARAMETER, specs.get(a).name() + "[" + i / cols + ", "
                            + i % cols + "] is " + v + ": training diverged or the weights are corrupt; retrain "
                            + "(e.g. with a smaller learning rate)");
                }
            }
        }
    }

    private static boolean isSquare(int n) {
        int r = (int) Math.round(Math.sqrt(n));
        return r * r == n;
    }
}
