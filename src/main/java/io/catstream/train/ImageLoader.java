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

    /** What one source of images gives the loader: a name, a label and features per index. */
    private interface Images {
        Path name(int i);

        int label(int i);

        double[] features(int i) throws IOException;
    }

    public LoadedImages load(ImageFolder folder) {
        return load(folder.root().toString(), folder.size(), files(folder));
    }

    /** Images given as their bytes (e.g. read from Kafka), decoded exactly as files are (the same preprocessor, order and skipping). */
    public LoadedImages load(String source, EncodedImages images) {
        return load(source, images.size(), encoded(images));
    }

    /**
     * The readable images of {@code images} as examples that are decoded again each time they are read, as
     * {@link #index(ImageFolder)} does for a folder: every image is decoded once here to leave out the unreadable
     * ones, and its features are dropped. Memory: an index and a label per image (the bytes stay in {@code images}).
     */
    public EncodedImageExamples index(String source, EncodedImages images) {
        Checked checked = check(source, images.size(), encoded(images), null);
        return new EncodedImageExamples(images, checked.kept().stream().mapToInt(Integer::intValue).toArray(), preprocessor);
    }

    private Images encoded(EncodedImages images) {
        return new Images() {
            public Path name(int i) {
                return images.name(i);
            }

            public int label(int i) {
                return images.label(i);
            }

            public double[] features(int i) {
                return preprocessor.toFeatures(images.bytes(i));
            }
        };
    }

    /**
     * The readable images of {@code folder} as examples that are decoded again each time they are read: every
     * file is decoded once here (on all cores, with progress) to leave out the unreadable ones exactly as
     * {@link #load} does, and its features are dropped. Memory: a path and a label per image.
     */
    public ImageFileExamples index(ImageFolder folder) {
        Images images = files(folder);
        Checked checked = check(folder.root().toString(), folder.size(), images, null);
        byte[] labels = new byte[checked.kept().size()];
        List<Path> paths = new ArrayList<>(labels.length);
        for (int k = 0; k < labels.length; k++) {
            int i = checked.kept().get(k);
            labels[k] = (byte) images.label(i);
            paths.add(images.name(i));
        }
        return new ImageFileExamples(paths, labels, preprocessor);
    }

    /** The files of {@code folder}, decoded from disk. */
    private Images files(ImageFolder folder) {
        List<ImageFolder.LabelledFile> files = folder.files();
        return new Images() {
            public Path name(int i) {
                return files.get(i).path();
            }

            public int label(int i) {
                return files.get(i).label();
            }

            public double[] features(int i) throws IOException {
                return preprocessor.toFeatures(files.get(i).path());
            }
        };
    }

    private LoadedImages load(String source, int n, Images images) {
        int features = preprocessor.contract().featureCount();
        double[][] rows = new double[n][];
        Checked checked = check(source, n, images, rows);
        List<Path> kept = checked.kept().stream().map(images::name).toList();
        DMatrixRMaj x = new DMatrixRMaj(kept.size(), features);
        DMatrixRMaj y = new DMatrixRMaj(1, kept.size());
        int row = 0;
        for (int i = 0; i < n; i++) {
            if (rows[i] != null) {
                System.arraycopy(rows[i], 0, x.data, row * features, features);
                y.data[row] = images.label(i);
                row++;
                rows[i] = null;
            }
        }
        return new LoadedImages(new LabelledExamples(x, y), kept, checked.skipped());
    }

    /** The indices of the readable images, in order, and the skipped ones with their reasons. */
    private record Checked(List<Integer> kept, List<LoadedImages.Skipped> skipped) {
    }

    /** Decodes every image on all cores, into {@code rows[i]} when rows is given; fails when none is readable. */
    private Checked check(String source, int n, Images images, double[][] rows) {
        boolean[] ok = new boolean[n];
        String[] failures = new String[n];
        Path shortName = Path.of(source).getFileName();
        try (Progress progress = Progress.start("decoding " + (shortName == null ? source : shortName), n)) {
            IntStream.range(0, n).parallel().forEach(i -> {
                try {
                    double[] features = images.features(i);
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
        List<Integer> kept = new ArrayList<>();
        List<LoadedImages.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!ok[i]) {
                skipped.add(new LoadedImages.Skipped(images.name(i), failures[i]));
                LOG.warn("skipping {}: {}", images.name(i), failures[i]);
            } else {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            throw new DatasetException("none of the " + n + " images in " + source + " could be read as an image"
                    + (skipped.isEmpty() ? "" : " (first: " + skipped.get(0).reason() + ")"));
        }
        if (!skipped.isEmpty()) {
            LOG.warn("{} of {} images in {} were skipped (unreadable images)", skipped.size(), n, source);
        }
        return new Checked(kept, skipped);
    }
}
