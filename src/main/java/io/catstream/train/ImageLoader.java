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

    /** An image held in memory (e.g. read from Kafka), named for reports, and its label (1 = cat). */
    public record LabelledBytes(Path name, int label, byte[] bytes) {
    }

    /** What one source of images gives the loader: a name, a label and features per index. */
    private interface Images {
        Path name(int i);

        int label(int i);

        double[] features(int i) throws IOException;
    }

    public LoadedImages load(ImageFolder folder) {
        List<ImageFolder.LabelledFile> files = folder.files();
        return load(folder.root().toString(), files.size(), new Images() {
            public Path name(int i) {
                return files.get(i).path();
            }

            public int label(int i) {
                return files.get(i).label();
            }

            public double[] features(int i) throws IOException {
                return preprocessor.toFeatures(files.get(i).path());
            }
        });
    }

    /** Images already in memory, decoded exactly as files are (the same preprocessor, order and skipping). */
    public LoadedImages load(String source, List<LabelledBytes> images) {
        return load(source, images.size(), new Images() {
            public Path name(int i) {
                return images.get(i).name();
            }

            public int label(int i) {
                return images.get(i).label();
            }

            public double[] features(int i) {
                return preprocessor.toFeatures(images.get(i).bytes());
            }
        });
    }

    private LoadedImages load(String source, int n, Images images) {
        int features = preprocessor.contract().featureCount();
        double[][] rows = new double[n][];
        String[] failures = new String[n];
        Path shortName = Path.of(source).getFileName();
        try (Progress progress = Progress.start("decoding " + (shortName == null ? source : shortName), n)) {
            IntStream.range(0, n).parallel().forEach(i -> {
                try {
                    rows[i] = images.features(i);
                } catch (ImageRejectedException e) {
                    failures[i] = e.getMessage();
                } catch (IOException e) {
                    failures[i] = "cannot read the file: " + e.getMessage();
                }
                progress.step();
            });
        }
        List<Path> kept = new ArrayList<>();
        List<LoadedImages.Skipped> skipped = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (rows[i] == null) {
                skipped.add(new LoadedImages.Skipped(images.name(i), failures[i]));
                LOG.warn("skipping {}: {}", images.name(i), failures[i]);
            } else {
                kept.add(images.name(i));
            }
        }
        if (kept.isEmpty()) {
            throw new DatasetException("none of the " + n + " images in " + source + " could be read as an image"
                    + (skipped.isEmpty() ? "" : " (first: " + skipped.get(0).reason() + ")"));
        }
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
        if (!skipped.isEmpty()) {
            LOG.warn("{} of {} images in {} were skipped (unreadable images)", skipped.size(), n, source);
        }
        return new LoadedImages(new LabelledExamples(x, y), kept, skipped);
    }
}
