package io.catstream.nn;

import io.catstream.numpy.NdArray;
import io.catstream.numpy.NumpyRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The weights {@code W1..WL} ({@code n_l × n_{l-1}}) and biases {@code b1..bL} ({@code n_l × 1}) of a
 * network, float64, row-major. Layers are numbered from 1 as in the article. Mutable on purpose: gradient
 * descent updates them in place; {@link #copy()} before sharing.
 */
public final class Parameters {

    private final NetworkShape shape;
    private final List<DMatrixRMaj> weights;
    private final List<DMatrixRMaj> biases;

    private Parameters(NetworkShape shape, List<DMatrixRMaj> weights, List<DMatrixRMaj> biases) {
        this.shape = shape;
        this.weights = weights;
        this.biases = biases;
    }

    /** All weights and biases zero. */
    public static Parameters zeros(NetworkShape shape) {
        List<DMatrixRMaj> w = new ArrayList<>();
        List<DMatrixRMaj> b = new ArrayList<>();
        for (int l = 1; l <= shape.layers(); l++) {
            w.add(new DMatrixRMaj(shape.size(l), shape.size(l - 1)));
            b.add(new DMatrixRMaj(shape.size(l), 1));
        }
        return new Parameters(shape, w, b);
    }

    /**
     * The article's initialisation: for l = 1..L in order, {@code W_l = randn(n_l, n_{l-1}) / sqrt(n_{l-1})},
     * {@code b_l = 0}, drawn from {@code np.random.RandomState(seed)}, so the same seed gives NumPy's weights.
     */
    public static Parameters initialize(NetworkShape shape, long seed) {
        NumpyRandom random = new NumpyRandom(seed);
        Parameters p = zeros(shape);
        for (int l = 1; l <= shape.layers(); l++) {
            double[] w = p.weights(l).data;
            double scale = Math.sqrt(shape.size(l - 1));
            for (int i = 0; i < w.length; i++) {
                w[i] = random.nextGaussian() / scale;
            }
        }
        return p;
    }

    /**
     * Builds parameters from arrays named {@code W1, b1, ..., WL, bL} (as in NumPy's {@code .npz}). The
     * shape is read from the arrays; a missing or misshapen array is an error naming it.
     */
    public static Parameters fromArrays(Map<String, NdArray> arrays) {
        int layers = 0;
        while (arrays.containsKey("W" + (layers + 1))) {
            layers++;
        }
        if (layers == 0) {
            throw new IllegalArgumentException("no weights found: expected arrays W1, b1, ..., WL, bL, got " + arrays.keySet());
        }
        int[] dims = new int[layers + 1];
        for (int l = 1; l <= layers; l++) {
            NdArray w = arrays.get("W" + l);
            if (w.shape().length != 2) {
                throw new IllegalArgumentException("W" + l + " must be 2-D, got shape " + Arrays.toString(w.shape()));
            }
            if (l == 1) {
                dims[0] = w.shape()[1];
            } else if (w.shape()[1] != dims[l - 1]) {
                throw new IllegalArgumentException("W" + l + " has " + w.shape()[1] + " columns but layer " + (l - 1)
                        + " has " + dims[l - 1] + " units: the layers do not chain");
            }
            dims[l] = w.shape()[0];
        }
        NetworkShape shape = new NetworkShape(dims);
        Parameters p = zeros(shape);
        for (int l = 1; l <= layers; l++) {
            copyInto(arrays.get("W" + l), "W" + l, p.weights(l));
            NdArray b = arrays.get("b" + l);
            if (b == null) {
                throw new IllegalArgumentException("missing bias b" + l);
            }
            copyInto(b, "b" + l, p.bias(l));
        }
        return p;
    }

    private static void copyInto(NdArray source, String name, DMatrixRMaj target) {
        if (source.size() != target.getNumElements()) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(source.shape()) + ", expected ["
                    + target.numRows + ", " + target.numCols + "]");
        }
        System.arraycopy(source.data(), 0, target.data, 0, source.size());
    }

    /** Arrays named {@code W1, b1, ..., WL, bL}, in that order, copies of the current values. */
    public Map<String, NdArray> toArrays() {
        Map<String, NdArray> out = new LinkedHashMap<>();
        for (int l = 1; l <= shape.layers(); l++) {
            out.put("W" + l, NdArray.of(weights(l)));
            out.put("b" + l, NdArray.of(bias(l)));
        }
        return out;
    }

    public NetworkShape shape() {
        return shape;
    }

    public int layers() {
        return shape.layers();
    }

    /** {@code W_l}, 1-based. The live matrix, not a copy. */
    public DMatrixRMaj weights(int l) {
        return weights.get(l - 1);
    }

    /** {@code b_l}, 1-based. The live matrix, not a copy. */
    public DMatrixRMaj bias(int l) {
        return biases.get(l - 1);
    }

    public Parameters copy() {
        List<DMatrixRMaj> w = new ArrayList<>();
        List<DMatrixRMaj> b = new ArrayList<>();
        weights.forEach(m -> w.add(m.copy()));
        biases.forEach(m -> b.add(m.copy()));
        return new Parameters(shape, w, b);
    }

    /** True when every weight and bias is finite (no NaN, no infinity). */
    public boolean allFinite() {
        for (int l = 1; l <= layers(); l++) {
            if (!finite(weights(l).data) || !finite(bias(l).data)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
