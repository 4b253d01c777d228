package io.catstream.train;

import io.catstream.image.Standardisation;

/**
 * Labelled examples that are read when they are used, a mini-batch at a time, instead of being held in memory
 * together: what the mini-batch recipes train, validate and test on. An implementation keeps only what it needs to
 * find an example again and its label; the features (one row of {@link #featureCount()} values per example, the
 * layout of {@link io.catstream.nn.LabelledExamples}) are written on each {@link #read}.
 *
 * <p>Implementations: {@link InMemoryExamples} (rows already decoded: NumPy arrays, the demo's images),
 * {@link ImageFileExamples} (a path per example, decoded and preprocessed by the scorer's own
 * {@link io.catstream.image.ImagePreprocessor} on each read), {@link EncodedImageExamples} (images given as bytes,
 * e.g. a data set read from Kafka and spilled to a temporary file, decoded on each read). Every implementation must
 * return the same features for the same index every time and keep indices in its canonical order (the split, the
 * standardisation fit, the epoch shuffles and the fingerprint all go by index).
 */
public interface ExampleSource {

    /** Number of examples. */
    int size();

    /** Values per example. */
    int featureCount();

    /** The label of example {@code index}: 1 cat, 0 not. */
    double label(int index);

    /**
     * Writes the features of examples {@code indices[from .. from+count)} as rows {@code 0 .. count-1} of {@code x}.
     *
     * @throws DatasetException if an example can no longer be read (a file changed since the data set was made)
     */
    void read(int[] indices, int from, int count, double[] x);

    default boolean isEmpty() {
        return size() == 0;
    }

    /** All labels, in index order. */
    default double[] labels() {
        double[] y = new double[size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = label(i);
        }
        return y;
    }

    /** Examples {@code indices} of this source, in that order (nothing is read). */
    default ExampleSource subset(int[] indices) {
        return new ExampleSubset(this, indices);
    }

    /** This source with {@code x = (x − mean) / std} applied to every example as it is read. */
    default ExampleSource standardised(Standardisation standardisation) {
        return new StandardisedExamples(this, standardisation);
    }

    /** The identity order {@code 0 .. size-1}, for reading a source front to back. */
    static int[] inOrder(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return order;
    }
}
