package io.catstream.nn;

import io.catstream.linalg.TransBGemm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same full-batch gradient descent as {@link PlainDescent}, with layer 1 rewritten so that an iteration
 * never touches the {@code m × n_x} features.
 *
 * <p>With {@code X} our {@code m × n} feature matrix (one example per row), every update of the first layer is
 * {@code W1 -= lr·dW1} with {@code dW1 = dZ1·X/m} (linear_backward, update_parameters), a combination of the rows
 * of X. So {@code W1(t) = W1(0) + U(t)·X} with {@code U} ({@code n1 × m}):
 * <pre>
 *   U(0) = 0,   U(t+1) = U(t) − (lr/m)·dZ1(t)
 *   Z1(t) = W1(t)·Xᵀ + b1 = P0 + U(t)·G + b1,   P0 = W1(0)·Xᵀ (n1 × m),   G = X·Xᵀ (m × m, symmetric)
 * </pre>
 * P0 and G are computed once; an iteration then costs {@code n1·m²} multiply-adds for layer 1 instead of
 * {@code 2·n1·m·n}. Layers 2..L, the cost, {@code db1} and {@code b1 -= lr·db1} run exactly as in
 * {@link PlainDescent} (shared code in {@link Forward} and {@link Backward}); {@code dW1} is never formed.
 * {@link #parameters()} materializes {@code W1 = W1(0) + U·X}.
 *
 * <p>Rounding differs from the plain path (different summation order), not the algorithm: the golden tests
 * hold both to NumPy within 1e-9.
 */
public final class GramDescent implements FullBatchDescent {

    private static final Logger LOG = LoggerFactory.getLogger(GramDescent.class);

    /** W1 stays W1(0) here; b1 and layers 2..L are updated in place. */
    private final Parameters parameters;
    private final DMatrixRMaj features;
    private final DMatrixRMaj labels;
    private final double learningRate;
    private final Workspace workspace;
    private final TransBGemm kernel;
    private final DMatrixRMaj p0;
    private final TransBGemm.PackedTransB gram;
    private final DMatrixRMaj u;
    private final long precomputeNanos;

    public GramDescent(Parameters initial, LabelledExamples batch, double learningRate) {
        this(initial, batch, learningRate, TransBGemm.fastestAvailable());
    }

    /** Computes G = X·Xᵀ and P0 = W1(0)·Xᵀ with {@code kernel}: the expensive part, done once. */
    public GramDescent(Parameters initial, LabelledExamples batch, double learningRate, TransBGemm kernel) {
        if (initial.shape().inputSize() != batch.featureCount()) {
            throw new IllegalArgumentException("the network takes " + initial.shape().inputSize()
                    + " inputs but the examples have " + batch.featureCount() + " features");
        }
        long start = System.nanoTime();
        this.parameters = initial.copy();
        this.features = batch.features();
        this.labels = batch.labels();
        this.learningRate = learningRate;
        this.kernel = kernel;
        int m = batch.size();
        this.workspace = new Workspace(initial.shape(), m);
        DMatrixRMaj g = new DMatrixRMaj(m, m);
        kernel.gram(features, g);                                   // G = X·Xᵀ
        long gramDone = System.nanoTime();
        this.gram = kernel.pack(g);
        this.p0 = new DMatrixRMaj(initial.shape().size(1), m);
        kernel.multTransB(parameters.weights(1), features, p0);    // P0 = W1(0)·Xᵀ
        this.u = new DMatrixRMaj(initial.shape().size(1), m);
        this.precomputeNanos = System.nanoTime() - start;
        LOG.debug("Gram precompute with {}: G {} ms, pack + P0 {} ms", kernel.name(),
                (gramDone - start) / 1_000_000, (System.nanoTime() - gramDone) / 1_000_000);
    }

    @Override
    public double step() {
        // Z1 = P0 + U·G (+ b1 in propagateFromFirstLayer): W1(t)·X of linear_forward, as U·Gᵀ since G = Gᵀ
        kernel.multTransB(u, gram, workspace.z[1]);
        CommonOps_DDRM.addEquals(workspace.z[1], p0);
        Forward.propagateFromFirstLayer(parameters, workspace);
        double cost = Cost.crossEntropy(workspace.output(), labels);
        Backward.propagateExceptFirstWeights(parameters, labels, workspace);
        // W1 -= lr·dZ1·X/m  becomes  U -= (lr/m)·dZ1  (update_parameters for W1)
        CommonOps_DDRM.addEquals(u, -learningRate / workspace.m, workspace.dz[1]);
        GradientDescent.update(parameters, workspace, learningRate, 2);
        return cost;
    }

    /** The current parameters, with {@code W1 = W1(0) + U·X} computed now (one {@code n1 × m × n} product). */
    @Override
    public Parameters parameters() {
        Parameters current = parameters.copy();
        kernel.multAdd(u, features, current.weights(1));                // W1 = W1(0) + U·X
        return current;
    }

    /** Wall time of the constructor's precomputation (G, its packing and P0), in nanoseconds. */
    public long precomputeNanos() {
        return precomputeNanos;
    }

    /** The GEMM kernel in use, e.g. for a log line. */
    public String kernelName() {
        return kernel.name();
    }
}
