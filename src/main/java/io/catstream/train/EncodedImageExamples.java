package io.catstream.train;

import io.catstream.image.ImagePreprocessor;

/**
 * {@link EncodedImages} as examples, decoded when read: per example only its index into the images and its label stay
 * in memory, never its {@code 3·S·S} features, and the bytes stay wherever the images keep them. Each {@link #read}
 * fetches the batch's images and preprocesses them with the scorer's own {@link ImagePreprocessor}, on all cores.
 * Made by {@link ImageLoader#index(String, EncodedImages)}, which has already decoded every image once and left out
 * the unreadable ones (as it does for a folder).
 */
public final class EncodedImageExamples extends DecodedOnRead {

    private final EncodedImages images;
    private final int[] kept;

    EncodedImageExamples(EncodedImages images, int[] kept, ImagePreprocessor preprocessor) {
        super(labels(images, kept), preprocessor);
        this.images = images;
        this.kept = kept.clone();
    }

    private static byte[] labels(EncodedImages images, int[] kept) {
        byte[] labels = new byte[kept.length];
        for (int k = 0; k < kept.length; k++) {
            labels[k] = (byte) images.label(kept[k]);
        }
        return labels;
    }

    /** How many of the images could not be decoded and are not examples. */
    public int skipped() {
        return images.size() - kept.length;
    }

    @Override
    double[] decode(int index) {
        return preprocessor.toFeatures(images.bytes(kept[index]));
    }

    @Override
    String name(int index) {
        return images.name(kept[index]).toString();
    }
}
