package io.catstream.nn.layered;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * 3×3 convolution (stride 1, zero padding 1) and ReLU through {@link Im2col}: with {@code P = H·W} pixels,
 * {@code K = 9·C_in} and {@code F} filters, every product is of the {@code A·Bᵀ} form of our GEMM kernel.
 * Before batch normalisation ({@code normalised}) the layer outputs {@code Z = cols·Wᵀ} alone: no bias (the
 * normalisation's β takes its place) and no ReLU (the {@link BatchNormLayer} applies it).
 */
final class ConvLayer extends Layer {

    private final TensorShape in;
    private final int index;
    private final int pixels;
    private final int filters;
    private final int fieldSize;
    private final DMatrixRMaj cols;
    private final DMatrixRMaj out;
    private final DMatrixRMaj outGradient;
    private final boolean normalised;
    private static final ThreadLocal<Map<List<Integer>, Backward>> SCRATCH = ThreadLocal.withInitial(HashMap::new);

    /** Arrays only the backward pass needs, so that scoring workspaces do not carry them. */
    private record Backward(DMatrixRMaj gradientT, DMatrixRMaj colsT, DMatrixRMaj weightGradient, DMatrixRMaj colsGradient) {
    }

    ConvLayer(TensorShape in, TensorShape out, int index, boolean normalised) {
        super(out);
        this.normalised = normalised;
        this.in = in;
        this.index = index;
        this.pixels = in.height() * in.width();
        this.filters = out.channels();
        this.fieldSize = LayerSpec.Conv.KERNEL * LayerSpec.Conv.KERNEL * in.channels();
        this.cols = new DMatrixRMaj(pixels, fieldSize);
        this.out = DMatrixRMaj.wrap(pixels, filters, output);
        this.outGradient = DMatrixRMaj.wrap(pixels, filters, outputGradient);
    }

    @Override
    void forward(double[] input, PreparedWeights weights) {
        Im2col.expand(input, in, cols.data);
        // Z = cols·Wᵀ  (P × F: already H, W, C order)
        Kernels.GEMM.multTransB(cols, weights.convolution(index), out);
        if (normalised) {
            return;
        }
        double[] b = weights.bias(index);
        double[] a = out.data;
        for (int p = 0, i = 0; p < pixels; p++) {
            for (int f = 0; f < filters; f++, i++) {
                a[i] = Math.max(0.0, a[i] + b[f]);
            }
        }
    }

    @Override
    void backward(double[] input, double[] inputGradient, PreparedWeights weights, List<double[]> gradients) {
        Backward s = backwardArrays();
        double[] a = out.data;
        double[] dz = outGradient.data;
        double[] dzT = s.gradientT.data;
        if (normalised) {
            // dZ is d cost / d output as the normalisation passed it down: no ReLU, no bias
            for (int p = 0, i = 0; p < pixels; p++) {
                for (int f = 0; f < filters; f++, i++) {
                    dzT[f * pixels + p] = dz[i];
                }
            }
        } else {
            double[] db = gradients.get(2 * index + 1);
            // dZ = dA where A > 0 (relu_backward), kept both ways round for the two products below; db += Σ_p dZ
            for (int p = 0, i = 0; p < pixels; p++) {
                for (int f = 0; f < filters; f++, i++) {
                    double d = a[i] > 0 ? dz[i] : 0.0;
                    dz[i] = d;
                    dzT[f * pixels + p] = d;
                    db[f] += d;
                }
            }
        }
        CommonOps_DDRM.transpose(cols, s.colsT);
        // dW += dZᵀ·cols  (F × K)
        Kernels.GEMM.multTransB(s.gradientT, s.colsT, s.weightGradient);
        double[] dw = gradients.get(2 * index);
        double[] example = s.weightGradient.data;
        for (int i = 0; i < dw.length; i++) {
            dw[i] += example[i];
        }
        if (inputGradient != null) {
            // dCols = dZ·W  (P × K), then back onto the pixels it was copied from
            Kernels.GEMM.multTransB(outGradient, weights.convolutionTransposed(index), s.colsGradient);
            Im2col.fold(s.colsGradient.data, in, inputGradient);
        }
    }

    /**
     * The backward pass's scratch, shared by every convolution of this shape on the calling thread: it is written
     * and read within one {@link #backward} call, so the per-example workspaces of a batch-normalised batch
     * ({@link NormalisedTraining}) need not hold a copy each, and it stays in the thread's cache.
     */
    private Backward backwardArrays() {
        // looked up on every call: a workspace may run on another thread next time
        return SCRATCH.get().computeIfAbsent(List.of(filters, pixels, fieldSize), shape -> new Backward(
                new DMatrixRMaj(filters, pixels), new DMatrixRMaj(fieldSize, pixels),
                new DMatrixRMaj(filters, fieldSize), new DMatrixRMaj(pixels, fieldSize)));
    }
}
