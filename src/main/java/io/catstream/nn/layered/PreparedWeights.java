package io.catstream.nn.layered;

import io.catstream.linalg.TransBGemm.PackedTransB;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The parameters as the layers read them during one call: the live arrays, plus each convolution's W packed
 * for the GEMM kernel ({@code cols·Wᵀ}) and, for training, Wᵀ packed ({@code dCols = dZ·W}). Packing costs a
 * copy of the convolution weights (23k values for the 64×64 CNN) per call, against millions of multiply-adds
 * per example; it is redone every call because a trainer changes the arrays in place between calls.
 * Read-only once built, so one instance serves every thread of a batch.
 */
final class PreparedWeights {

    private final List<double[]> parameters;
    private final PackedTransB[] forward;
    private final PackedTransB[] backward;

    private PreparedWeights(List<double[]> parameters, PackedTransB[] forward, PackedTransB[] backward) {
        this.parameters = parameters;
        this.forward = forward;
        this.backward = backward;
    }

    static PreparedWeights forScoring(Architecture architecture, List<double[]> parameters) {
        return prepare(architecture, parameters, false);
    }

    static PreparedWeights forTraining(Architecture architecture, List<double[]> parameters) {
        return prepare(architecture, parameters, true);
    }

    private static PreparedWeights prepare(Architecture architecture, List<double[]> parameters, boolean training) {
        int weighted = architecture.weightedLayers();
        PackedTransB[] forward = new PackedTransB[weighted];
        PackedTransB[] backward = new PackedTransB[weighted];
        int k = 0;
        for (LayerSpec layer : architecture.layers()) {
            if (!layer.hasParameters()) {
                continue;
            }
            if (layer instanceof LayerSpec.Conv conv) {
                double[] w = parameters.get(2 * k);
                DMatrixRMaj matrix = DMatrixRMaj.wrap(conv.filters(), w.length / conv.filters(), w);
                forward[k] = Kernels.GEMM.pack(matrix);
                if (training) {
                    backward[k] = Kernels.GEMM.pack(CommonOps_DDRM.transpose(matrix, null));
                }
            }
            k++;
        }
        return new PreparedWeights(parameters, forward, backward);
    }

    /** {@code W} of the k-th layer with parameters (0-based), row-major. */
    double[] weights(int k) {
        return parameters.get(2 * k);
    }

    double[] bias(int k) {
        return parameters.get(2 * k + 1);
    }

    /** Parameter array {@code i} of {@link Architecture#parameters()} (batch normalisation's γ and statistics). */
    double[] array(int i) {
        return parameters.get(i);
    }

    /** A convolution's W ({@code filters × 9·C}) packed as the B of {@code cols·Bᵀ}. */
    PackedTransB convolution(int k) {
        return forward[k];
    }

    /** A convolution's Wᵀ packed as the B of {@code dZ·Bᵀ = dZ·W}; only when prepared for training. */
    PackedTransB convolutionTransposed(int k) {
        if (backward[k] == null) {
            throw new IllegalStateException("weights prepared for scoring have no packed Wᵀ for layer " + (k + 1));
        }
        return backward[k];
    }
}
