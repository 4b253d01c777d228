package io.catstream.train;

import io.catstream.image.ImagePreprocessor;
import io.catstream.image.ImageRejectedException;
import java.util.stream.IntStream;

/**
 * {@link EncodedImages} as examples, decoded when read: per example only its index into the images and its label stay
 * in memory, never its {@code 3·S·S} features, and the bytes stay wherever the images keep them. Each {@link #read}
 * fetches the batch's images and preprocesses them with the scorer's own {@link ImagePreprocessor}, on all cores.
 * Made by {@link ImageLoader#index(String, EncodedImages)}, which has already decoded every image once and left out
 * the unreadable ones (as it does for a folder), so a failure here means the images changed during the run.
 */
public final class EncodedImageExamples implements ExampleSource {

    private final EncodedImages images;
    private final int[] kept;
    private final byte[] labels;
    private final int skipped;
    private final ImagePreprocessor preprocessor;

    EncodedImageExamples(EncodedImages images, int[] kept, ImagePreprocessor preprocessor) {
        this.images = images;
        this.kept = kept.clone();
        this.labels = new byte[kept.length];
        for (int k = 0; k < kept.length; k++) {
            labels[k] = (byte) images.label(kept[k]);
        }
        this.skipped = images.size() - kept.length;
        this.preprocessor = preprocessor;
    }

    /** How many of the images could not be decoded and are not examples. */
    public int skipped() {
        return skipped;
    }

    @Override
    public int size() {
        return kept.length;
    }

    @Override
    public int featureCount() {
        return preprocessor.contract().featureCount();
    }

    @Override
    public double label(int index) {
        return labels[index];
    }

    @Override
    public void read(int[] indices, int from, int count, double[] x) {
        int n = featureCount();
        IntStream.range(0, count).parallel().forEach(i -> {
            int image = kept[indices[from + i]];
            try {
                System.arraycopy(preprocessor.toFeatures(images.bytes(image)), 0, x, i * n, n);
            } catch (ImageRejectedException e) {
                throw new DatasetException(images.name(image) + " was readable when the data set was indexed and is not now: "
                        + e.getMessage(), e);
            }
        });
    }
}
