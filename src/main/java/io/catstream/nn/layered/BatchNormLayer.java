package io.catstream.nn.layered;

import java.util.List;

/**
 * Batch normalisation per channel, then ReLU, after the linear part of a {@code convbnN} or {@code densebnN} layer
 * (Ioffe and Szegedy, 2015): {@code x̂ = (z − μ_c) / √(σ²_c + ε)}, {@code a = max(0, γ_c·x̂ + β_c)}.
 *
 * <p>While training, μ and σ² are the batch's (over examples × positions, {@link BatchStatistics}), so examples
 * depend on each other: the network runs the batch in stages ({@link NormalisedTraining}). The backward pass is
 * two steps: {@link #addParameterGradients} (per example, {@code dY = dA·[a > 0]}, adding {@code Σ dY·x̂} to dγ and
 * {@code Σ dY} to dβ), then, once the batch totals are known, {@link #backward}:
 * {@code dz = γ/√(σ² + ε) · (dY − Σ dY / M − x̂ · Σ dY·x̂ / M)}.
 *
 * <p>When scoring, μ and σ² are the running statistics in the parameters ({@code mean<k>}, {@code var<k>}), so an
 * example's probability depends on nothing else.
 */
final class BatchNormLayer extends Layer {

    static final double EPSILON = 1e-5;
    /** Weight of the old running statistics per training batch: about the last ten batches count. */
    static final double MOMENTUM = 0.9;

    private final int positions;
    private final int channels;
    /** Number of the layer with parameters (0-based): {@code b<index+1>} is β. */
    private final int index;
    /** Position of {@code gamma<k>} in the parameter list; {@code mean<k>} and {@code var<k>} follow it. */
    private final int gammaArray;
    private final double[] normalised;
    private final double[] scoringDeviation;
    /** The batch's statistics while training; null when scoring. */
    private BatchStatistics batch;

    BatchNormLayer(TensorShape shape, int index, int gammaArray) {
        super(shape);
        this.positions = shape.height() * shape.width();
        this.channels = shape.channels();
        this.index = index;
        this.gammaArray = gammaArray;
        this.normalised = new double[output.length];
        this.scoringDeviation = new double[channels];
    }

    int gammaArray() {
        return gammaArray;
    }

    int betaArray() {
        return 2 * index + 1;
    }

    /** The next forward pass scores, with the running statistics. */
    void score() {
        batch = null;
    }

    /** The next forward pass trains, with the statistics of {@code statistics}' batch. */
    void train(BatchStatistics statistics) {
        batch = statistics;
    }

    @Override
    void forward(double[] input, PreparedWeights weights) {
        double[] gamma = weights.array(gammaArray);
        double[] beta = weights.bias(index);
        double[] mean;
        double[] inverseDeviation;
        if (batch == null) {
            mean = weights.array(gammaArray + 1);
            double[] variance = weights.array(gammaArray + 2);
            for (int c = 0; c < channels; c++) {
                scoringDeviation[c] = 1 / Math.sqrt(variance[c] + EPSILON);
            }
            inverseDeviation = scoringDeviation;
        } else {
            mean = batch.mean;
            inverseDeviation = batch.inverseDeviation;
        }
        for (int p = 0, i = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++, i++) {
                double xHat = (input[i] - mean[c]) * inverseDeviation[c];
                normalised[i] = xHat;
                output[i] = Math.max(0.0, gamma[c] * xHat + beta[c]);
            }
        }
    }

    /**
     * Training, first step back: {@code dY = dA} where {@code a > 0} (in place), then {@code dγ += Σ_p dY·x̂},
     * {@code dβ += Σ_p dY} for this example.
     */
    void addParameterGradients(List<double[]> gradients) {
        double[] dGamma = gradients.get(gammaArray);
        double[] dBeta = gradients.get(betaArray());
        for (int p = 0, i = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++, i++) {
                double dy = output[i] > 0 ? outputGradient[i] : 0.0;
                outputGradient[i] = dy;
                dGamma[c] += dy * normalised[i];
                dBeta[c] += dy;
            }
        }
    }

    /** Training, second step back, after the batch's totals are in {@link BatchStatistics}: dz into {@code inputGradient}. */
    @Override
    void backward(double[] input, double[] inputGradient, PreparedWeights weights, List<double[]> gradients) {
        if (batch == null) {
            throw new IllegalStateException("backward through batch normalisation after a scoring pass");
        }
        double[] gamma = weights.array(gammaArray);
        double m = batch.values;
        for (int p = 0, i = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++, i++) {
                // dz = γ/√(σ²+ε) · (dY − Σ dY / M − x̂ · Σ dY·x̂ / M)
                inputGradient[i] = gamma[c] * batch.inverseDeviation[c] * (outputGradient[i] - batch.sumGradient[c] / m
                        - normalised[i] * batch.sumGradientTimesNormalised[c] / m);
            }
        }
    }
}
