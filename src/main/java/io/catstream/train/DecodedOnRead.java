package io.catstream.train;

import io.catstream.image.ImagePreprocessor;
import io.catstream.image.ImageRejectedException;
import java.io.IOException;
import java.util.stream.IntStream;

/**
 * What the examples that decode their images on each read share: a label per example, the scorer's own
 * {@link ImagePreprocessor}, and a {@link #read} that decodes the batch on all cores. Subclasses say where an
 * example's image is ({@link ImageFileExamples}: a file; {@link EncodedImageExamples}: bytes fetched by index). Every
 * image was decoded once when the examples were made and the unreadable ones left out, so a failure here means the
 * image changed during the run.
 */
abstract sealed class DecodedOnRead implements ExampleSource permits ImageFileExamples, EncodedImageExamples {

    private final byte[] labels;
    final ImagePreprocessor preprocessor;

    DecodedOnRead(byte[] labels, ImagePreprocessor preprocessor) {
        this.labels = labels.clone();
        this.preprocessor = preprocessor;
    }

    /** The features of example {@code index}, decoded now. */
    abstract double[] decode(int index) throws ImageRejectedException, IOException;

    /** Example {@code index}'s image, named for an error message. */
    abstract String name(int index);

    @Override
    public final int size() {
        return labels.length;
    }

    @Override
    public final int featureCount() {
        return preprocessor.contract().featureCount();
    }

    @Override
    public final double label(int index) {
        return labels[index];
    }

    @Override
    public final void read(int[] indices, int from, int count, double[] x) {
        int n = featureCount();
        IntStream.range(0, count).parallel().forEach(i -> {
            int example = indices[from + i];
            try {
                System.arraycopy(decode(example), 0, x, i * n, n);
            } catch (ImageRejectedException | IOException e) {
                throw new DatasetException(name(example) + " was readable when the data set was indexed and is not now: "
                        + e.getMessage(), e);
            }
        });
    }
}
