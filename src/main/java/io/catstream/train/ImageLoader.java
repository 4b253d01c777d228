package io.catstream.train;

import io.catstream.image.ImagePreprocessor;
import io.catstream.image.ImageRejectedException;
import io.catstream.nn.LabelledExamples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes an {@link ImageFolder} into feature rows with the scorer's own {@link ImagePreprocessor}, on all
 * cores, showing progress. Unreadable images are skipped with a warning and reported.
 */
public final class ImageLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ImageLoader.class);

    private final ImagePreprocessor preprocessor;

    public ImageLoader(ImagePreprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    public LoadedImages load(ImageFolder folder) {
        int features = preprocessor.contract().featureCount();
        double[][] rows = new double[folder.size()][];
        Checked checked = check(folder, rows);
        List<Path> kept = checked.kept().stream().map(ImageFolder.LabelledFile::path).toList();
        int n = folder.size();
        DMatrixRMaj x = new DMatrixRMaj(kept.size(), features);
        DMatrixRMaj y = new DMatrixRMaj(1, kept.size());
        int row = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i] != null) {
                System.arraycopy(rows[i], 0, x.data, row * features, features);
                y.data[row] = folder.files().get(i).label();
                row++;
                rows[i] = null;
            }
        }
        return new LoadedImages(new LabelledExamples(x, y), kept, checked.skipped());
    }

    /**
     * The readable images of {@code folder} as examples that are decoded again each time they are read: every
     * file is decoded once here (on all cores, with progress) to leave out the unreadable ones exactly as
     * {@link #load} does, and its features are dropped. Memory: a path and a label per image.
     */
    public ImageFileExamples index(ImageFolder folder) {
        List<ImageFolder.LabelledFile> kept = check(folder, null).kept();
        byte[] labels = new byte[kept.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) kept.get(i).label();
        }
        return new ImageFileExamples(kept.stream().map(ImageFolder.LabelledFile::path).toList(), labels, preprocessor);
    }

    private record Checked(List<ImageFolder.LabelledFile> kept, List<LoadedImages.Skipped> skipped) {
    }

    /** Decodes every file, into {@code rows[i]} when rows is given; fails when none is readable. */
    private Checked check(ImageFolder folder, double[][] rows) {
        int n = folder.size();
        boolean[] ok = new boolean[n];
        String[] failures = new String[n];
        try (Progress progress = Progress.start("decoding " + folder.root().getFileName(), n)) {
            IntStream.range(0, n).parallel().forEach(i -> {
                Path file = folder.files().get(i).path();
                try {
                    double[] features = preprocessor.toFeatures(file);
                    if (rows != null) {
                        rows[i] = features;
                    }
                    ok[i] = true;
                } catch (ImageRejectedException e) {
                    failures[i] = e.getMessage();
                } catch (IOException e) {
                    failures[i] = "cannot read the file: " + e.getMessage();
                }
                progress.step();
            });
        }
        List<ImageFolder.LabelledFile> kept = new ArrayList<>();
        List<LoadedImages.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!ok[i]) {
                skipped.add(new LoadedImages.Skipped(folder.files().get(i).path(), failures[i]));
                LOG.warn("skipping {}: {}", folder.files().get(i).path(), failures[i]);
            } else {
                kept.add(folder.files().get(i));
            }
        }
        if (kept.isEmpty()) {
            throw new DatasetException("none of the " + n + " files in " + folder.root() + " could be read as an image"
                    + (skipped.isEmpty() ? "" : " (first: " + skipped.get(0).reason() + ")"));
        }
        if (!skipped.isEmpty()) {
            LOG.warn("{} of {} files in {} were skipped (unreadable images)", skipped.size(), n, folder.root());
        }
        return new Checked(kept, skipped);
    }
}
