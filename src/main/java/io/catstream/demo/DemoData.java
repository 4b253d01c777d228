package io.catstream.demo;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.nn.LabelledExamples;
import io.catstream.train.ImageFolder;
import io.catstream.train.ImageLoader;
import io.catstream.train.LoadedImages;
import io.catstream.train.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/**
 * What the demo trains on and what it streams, kept apart so that the accuracy the scorer reports is measured on
 * images the models never trained on.
 *
 * @param train          the training examples (features of {@code contract}, one row each): what v1 trains on
 * @param trainingImages the same training images, preprocessed again at another size: what v2 trains on
 * @param stream         the images to stream, shuffled, cycled by the sender
 * @param contract       v1's preprocessing (the scorer applies each model's own contract to the streamed bytes)
 * @param description    one line for the console and the web view: where the images come from
 */
public record DemoData(LabelledExamples train, TrainingImages trainingImages, List<DemoImage> stream,
                       PreprocessingContract contract, String description) {

    /** The training images (never the streamed ones) as features of an S×S RGB contract, same order and labels. */
    @FunctionalInterface
    public interface TrainingImages {
        LabelledExamples at(int imageSize);
    }

    /** Share of the photos kept out of training and streamed instead. */
    public static final double STREAM_FRACTION = 0.2;

    public DemoData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(trainingImages, "trainingImages");
        stream = List.copyOf(stream);
        if (stream.isEmpty()) {
            throw new IllegalArgumentException("nothing to stream");
        }
    }

    /**
     * {@code count} synthetic images ({@link SyntheticImages}) of {@code size}²: a seeded 80 % trains, the other 20 %
     * are streamed.
     */
    public static DemoData synthetic(int count, int size, long seed) {
        PreprocessingContract contract = PreprocessingContract.ofImageSize(size);
        List<DemoImage> images = SyntheticImages.generate(count, size, seed);
        Split split = Split.of(features(images, contract), STREAM_FRACTION, seed);
        List<DemoImage> stream = new ArrayList<>();
        for (int i : split.testIndices()) {
            stream.add(images.get(i));
        }
        List<DemoImage> training = new ArrayList<>();
        for (int i : split.trainIndices()) {
            training.add(images.get(i));
        }
        TrainingImages again = imageSize -> features(training, PreprocessingContract.ofImageSize(imageSize));
        return new DemoData(split.train(), again, shuffled(stream, seed), contract, String.format(java.util.Locale.ROOT,
                "%d synthetic %d×%d images drawn in memory (no photos given): trained on %d, streaming the other %d",
                count, size, size, split.train().size(), stream.size()));
    }

    /**
     * The photos of {@code folder} ({@code cats/}, {@code random_images/}) at 128²: a seeded 80 % trains, the other
     * 20 % are streamed, plus every photo of {@code holdout} when given (never trained on either).
     */
    public static DemoData photos(Path folder, Path holdout, long seed) {
        PreprocessingContract contract = PreprocessingContract.defaults();
        ImageLoader loader = new ImageLoader(new ImagePreprocessor(contract, ImageLimits.defaults()));
        LoadedImages all = loader.load(ImageFolder.scan(folder));
        Split split = Split.of(all.examples(), STREAM_FRACTION, seed);
        List<DemoImage> stream = new ArrayList<>();
        for (int i : split.testIndices()) {
            stream.add(read(folder, all.files().get(i), all.examples().labels().data[i] == 1));
        }
        int held = 0;
        if (holdout != null) {
            for (ImageFolder.LabelledFile f : ImageFolder.scan(holdout).files()) {
                stream.add(read(holdout, f.path(), f.label() == 1));
                held++;
            }
        }
        String description = String.format(java.util.Locale.ROOT,
                "photos of %s: trained on %d (80 %%), streaming the other %d%s: accuracy is measured on images the "
                        + "models never trained on", folder, split.train().size(), split.testIndices().length,
                holdout == null ? "" : " + " + held + " of " + holdout);
        List<ImageFolder.LabelledFile> training = new ArrayList<>();
        for (int i : split.trainIndices()) {
            training.add(new ImageFolder.LabelledFile(all.files().get(i), (int) all.examples().labels().data[i]));
        }
        ImageFolder trainingFolder = new ImageFolder(folder, training);
        TrainingImages again = imageSize -> new ImageLoader(new ImagePreprocessor(
                PreprocessingContract.ofImageSize(imageSize), ImageLimits.defaults())).load(trainingFolder).examples();
        return new DemoData(split.train(), again, shuffled(stream, seed), contract, description);
    }

    /** Features of in-memory images, one row each, with the scorer's own preprocessing. */
    private static LabelledExamples features(List<DemoImage> images, PreprocessingContract contract) {
        ImagePreprocessor preprocessor = new ImagePreprocessor(contract, ImageLimits.defaults());
        int n = contract.featureCount();
        DMatrixRMaj x = new DMatrixRMaj(images.size(), n);
        DMatrixRMaj y = new DMatrixRMaj(1, images.size());
        for (int i = 0; i < images.size(); i++) {
            preprocessor.writeFeatures(images.get(i).bytes(), x.data, i * n);
            y.data[i] = images.get(i).cat() ? 1 : 0;
        }
        return new LabelledExamples(x, y);
    }

    private static DemoImage read(Path root, Path file, boolean cat) {
        try {
            String id = root.getFileName() + "/" + root.relativize(file).toString().replace('\\', '/');
            return new DemoImage(id, cat, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<DemoImage> shuffled(List<DemoImage> images, long seed) {
        List<DemoImage> copy = new ArrayList<>(images);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** Streamed images that are cats. */
    public long streamCats() {
        return stream.stream().filter(DemoImage::cat).count();
    }
}
