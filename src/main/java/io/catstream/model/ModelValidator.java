package io.catstream.model;

import io.catstream.model.InvalidModelException.Reason;
import io.catstream.nn.Parameters;
import org.ejml.data.DMatrixRMaj;

/**
 * Decides whether an artifact may be used for scoring: its input contract fits the network and every
 * parameter is finite. {@link ModelCodec} runs it on every encode and decode, so no file or record that
 * fails it is ever written or read; callers building artifacts (trainer, import) may run it earlier.
 */
public final class ModelValidator {

    private ModelValidator() {
    }

    /** Throws {@link InvalidModelException} with the first problem found; returns the artifact otherwise. */
    public static ModelArtifact validate(ModelArtifact model) {
        checkContract(model);
        checkFinite(model.parameters());
        return model;
    }

    static void checkContract(ModelArtifact model) {
        InputContract input = model.input();
        if (!InputContract.RGB.equals(input.channels()) || !InputContract.HWC.equals(input.layout())) {
            throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "input is " + input.channels() + " in "
                    + input.layout() + " order, but this version only scores " + InputContract.RGB + " in "
                    + InputContract.HWC + " order");
        }
        long features = input.featureCount();
        int inputs = model.shape().inputSize();
        if (features != inputs) {
            throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "input.imageSize " + input.imageSize() + " gives "
                    + input.channels().length() + "·" + input.imageSize() + "² = " + features + " features, but dims[0] = "
                    + inputs + (inputs % 3 == 0 && isSquare(inputs / 3) ? "; imageSize should be " + (int) Math.sqrt(inputs / 3.0) : ""));
        }
        if (input.standardises()) {
            throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "input.mean/input.std (per-feature standardisation) "
                    + "are set, but this version cannot apply them; use a newer catstream or a model without them");
        }
    }

    static void checkFinite(Parameters p) {
        for (int l = 1; l <= p.layers(); l++) {
            checkFinite("W" + l, p.weights(l));
            checkFinite("b" + l, p.bias(l));
        }
    }

    private static void checkFinite(String name, DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            double v = m.data[i];
            if (!Double.isFinite(v)) {
                throw new InvalidModelException(Reason.NON_FINITE_PARAMETER, name + "[" + i / m.numCols + ", "
                        + i % m.numCols + "] is " + v + ": training diverged or the weights are corrupt; retrain "
                        + "(e.g. with a smaller learning rate)");
            }
        }
    }

    private static boolean isSquare(int n) {
        int r = (int) Math.round(Math.sqrt(n));
        return r * r == n;
    }
}
