package io.catstream.nn.layered;

import java.util.Arrays;
import java.util.List;

/**
 * One batch-normalised layer's statistics over a training batch: per channel the mean and variance of its input
 * over every example and position ({@code M = examples · H·W} values), and in the backward pass the batch totals
 * {@code Σ dY} and {@code Σ dY·x̂}. Chunks of examples add partial sums into their own row; the rows are then
 * added in chunk order, so the result is the same to the last bit on any number of threads.
 */
final class BatchStatistics {

    private final int positions;
    private final int channels;
    private final double[][] partial;
    final double[] mean;
    final double[] variance;
    /** {@code 1 / √(variance + ε)}. */
    final double[] inverseDeviation;
    final double[] sumGradient;
    final double[] sumGradientTimesNormalised;
    /** Number of values per channel in the batch, {@code M}. */
    long values;

    BatchStatistics(int positions, int channels) {
        this.positions = positions;
        this.channels = channels;
        this.partial = new double[ExampleChunks.MAX_CHUNKS][channels];
        this.mean = new double[channels];
        this.variance = new double[channels];
        this.inverseDeviation = new double[channels];
        this.sumGradient = new double[channels];
        this.sumGradientTimesNormalised = new double[channels];
    }

    /** Chunk {@code chunk} is about to add its examples: clears its row. */
    void clear(int chunk) {
        Arrays.fill(partial[chunk], 0.0);
    }

    /** Adds one example's {@code Σ_p z[p, c]} to the chunk's row. */
    void addSums(int chunk, double[] z) {
        double[] row = partial[chunk];
        for (int p = 0, i = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++, i++) {
                row[c] += z[i];
            }
        }
    }

    /** Adds one example's {@code Σ_p (z[p, c] − mean[c])²} to the chunk's row (after {@link #reduceMean}). */
    void addSquaredDeviations(int chunk, double[] z) {
        double[] row = partial[chunk];
        for (int p = 0, i = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++, i++) {
                double d = z[i] - mean[c];
                row[c] += d * d;
            }
        }
    }

    /** {@code mean = Σ_chunks / M} for a batch of {@code examples}. */
    void reduceMean(int chunks, int examples) {
        values = (long) examples * positions;
        sumRows(partial, chunks, mean);
        for (int c = 0; c < channels; c++) {
            mean[c] /= values;
        }
    }

    /** {@code variance = Σ_chunks / M} (biased, as the normalisation uses it), and {@code 1 / √(variance + ε)}. */
    void reduceVariance(int chunks) {
        sumRows(partial, chunks, variance);
        for (int c = 0; c < channels; c++) {
            variance[c] /= values;
            inverseDeviation[c] = 1 / Math.sqrt(variance[c] + BatchNormLayer.EPSILON);
        }
    }

    /**
     * The batch's {@code Σ dY·x̂} (= dγ) and {@code Σ dY} (= dβ), summed in chunk order from the chunks' gradient
     * arrays {@code gamma} and {@code beta}, where {@link BatchNormLayer#addParameterGradients} put them.
     */
    void reduceGradients(List<List<double[]>> chunkGradients, int chunks, int gamma, int beta) {
        Arrays.fill(sumGradientTimesNormalised, 0.0);
        Arrays.fill(sumGradient, 0.0);
        for (int k = 0; k < chunks; k++) {
            double[] dGamma = chunkGradients.get(k).get(gamma);
            double[] dBeta = chunkGradients.get(k).get(beta);
            for (int c = 0; c < channels; c++) {
                sumGradientTimesNormalised[c] += dGamma[c];
                sumGradient[c] += dBeta[c];
            }
        }
    }

    /** running = m·running + (1 − m)·batch, for the mean and the (biased) variance. */
    void updateRunning(double[] runningMean, double[] runningVariance) {
        double m = BatchNormLayer.MOMENTUM;
        for (int c = 0; c < channels; c++) {
            runningMean[c] = m * runningMean[c] + (1 - m) * mean[c];
            runningVariance[c] = m * runningVariance[c] + (1 - m) * variance[c];
        }
    }

    private void sumRows(double[][] rows, int count, double[] total) {
        Arrays.fill(total, 0.0);
        for (int k = 0; k < count; k++) {
            for (int c = 0; c < channels; c++) {
                total[c] += rows[k][c];
            }
        }
    }
}
