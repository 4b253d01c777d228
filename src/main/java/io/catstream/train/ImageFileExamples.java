package io.catstream.train;

import io.catstream.image.ImagePreprocessor;
import io.catstream.image.ImageRejectedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Image files as examples, decoded when read: per example only its path and label stay in memory (about 100–200
 * bytes), never its {@code 3·S·S} features. Each {@link #read} decodes and preprocesses the batch's files with the
 * scorer's own {@link ImagePreprocessor}, on all cores. Made by {@link ImageLoader#index}, which has already
 * decoded every file once and left out the unreadable ones, so a failure here means a file changed during the run.
 */
public final class ImageFileExamples implements ExampleSource {

    private final List<Path> files;
    private final byte[] labels;
    private final ImagePreprocessor preprocessor;

    ImageFileExamples(List<Path> files, byte[] labels, ImagePreprocessor preprocessor) {
        if (files.size() != labels.length) {
            throw new IllegalArgumentException(files.size() + " files for " + labels.length + " labels");
        }
        this.files = List.copyOf(files);
        this.labels = labels.clone();
        this.preprocessor = preprocessor;
    }

    /** The files, in index order. */
    public List<Path> files() {
        return files;
    }

    @Override
    public int size() {
        return files.size();
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
            Path file = files.get(indices[from + i]);
            try {
                System.arraycopy(preprocessor.toFeatures(file), 0, x, i * n, n);
            } catch (ImageRejectedException | IOException e) {
                throw new DatasetException(file + " was readable when the data set was indexed and is not now: "
                        + e.getMessage(), e);
            }
        });
    }
}
