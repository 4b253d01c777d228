package io.catstream.train;

import io.catstream.image.ImagePreprocessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Image files as examples, decoded when read: per example only its path and label stay in memory (about 100–200
 * bytes), never its {@code 3·S·S} features. Each {@link #read} decodes and preprocesses the batch's files with the
 * scorer's own {@link ImagePreprocessor}, on all cores. Made by {@link ImageLoader#index}, which has already
 * decoded every file once and left out the unreadable ones, so a failure here means a file changed during the run.
 */
public final class ImageFileExamples extends DecodedOnRead {

    private final List<Path> files;

    ImageFileExamples(List<Path> files, byte[] labels, ImagePreprocessor preprocessor) {
        super(labels, preprocessor);
        if (files.size() != labels.length) {
            throw new IllegalArgumentException(files.size() + " files for " + labels.length + " labels");
        }
        this.files = List.copyOf(files);
    }

    /** The files, in index order. */
    public List<Path> files() {
        return files;
    }

    @Override
    double[] decode(int index) throws IOException {
        return preprocessor.toFeatures(files.get(index));
    }

    @Override
    String name(int index) {
        return files.get(index).toString();
    }
}
