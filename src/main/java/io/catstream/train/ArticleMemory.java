package io.catstream.train;

import io.catstream.nn.NetworkShape;
import java.util.Locale;

/**
 * The heap the article's recipe needs: unlike the mini-batch recipes it holds every example in memory, because
 * full-batch gradient descent uses all of them in every iteration, and its Gram solver adds an {@code m × m}
 * matrix. With {@code M} images (training and test), {@code m} training examples, {@code n} = 3·S·S values per
 * image and layer widths {@code n_1 … n_L}, in bytes (8 per float64):
 * <pre>
 *   loading      16·M·n                       every decoded row, then the matrix they are copied into
 *   training      8·M·n                       the training and test matrices
 *               + 16·m²                        Gram solver: G = X·Xᵀ and its packed copy (both alive while packing)
 *               +  8·m·(2·n_1 + 4·Σ n_l)       P0 and U (Gram), the forward/backward workspace (both solvers)
 * </pre>
 * and the run needs the larger of the two. At the article's 64×64 … 128×128 this is the data itself: 1,652 photos
 * at 128×128 need 1.3 GB to load; 100,000 need 79 GB plus 160 GB for G. Above the heap, the run is refused before
 * any image is decoded, rather than failing with an OutOfMemoryError minutes in.
 */
public record ArticleMemory(long images, long trainExamples, long loadingBytes, long trainingBytes,
                            TrainingConfig.Solver solver) {

    /**
     * @param images        M: every image that is loaded (training and test)
     * @param trainExamples m: the examples gradient descent runs on
     * @param solver        the solver that will run (AUTO already resolved, {@link Trainer#solverFor})
     */
    public static ArticleMemory of(long images, long trainExamples, NetworkShape shape, TrainingConfig.Solver solver) {
        long n = shape.inputSize();
        long widths = 0;
        for (int l = 1; l <= shape.layers(); l++) {
            widths += shape.size(l);
        }
        long loading = 16 * images * n;
        long training = 8 * images * n + 8 * trainExamples * (4 * widths);
        if (solver == TrainingConfig.Solver.GRAM) {
            training += 16 * trainExamples * trainExamples + 8 * trainExamples * 2L * shape.size(1);
        }
        return new ArticleMemory(images, trainExamples, loading, training, solver);
    }

    public long peakBytes() {
        return Math.max(loadingBytes, trainingBytes);
    }

    /**
     * @param heapBytes the heap this JVM may grow to ({@code Runtime.maxMemory()})
     * @throws DatasetException with a one-line message naming the need, the limit and the alternatives
     */
    public void requireWithin(long heapBytes) {
        if (peakBytes() > heapBytes) {
            throw new DatasetException(String.format(Locale.ROOT,
                    "--recipe article holds all %d images in memory (%s solver, %d training examples): it needs about %s "
                            + "of heap (16·M·n to load%s) but this JVM may use %s; use --recipe mlp or cnn, which read "
                            + "their images a mini-batch at a time, or fewer images, or a larger heap "
                            + "(CATSTREAM_JAVA_OPTS=-Xmx…; docs/trainer.md, \"Training larger than memory\")",
                    images, solver.name().toLowerCase(Locale.ROOT), trainExamples, gigabytes(peakBytes()),
                    solver == TrainingConfig.Solver.GRAM ? ", 8·M·n + 16·m² for the Gram matrix" : "",
                    gigabytes(heapBytes)));
        }
    }

    static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
