package io.catstream.cli;

import io.catstream.dataset.KafkaDataset;
import io.catstream.model.DataLineage;
import io.catstream.model.ModelArtifact;
import io.catstream.train.DatasetException;
import io.catstream.train.ExampleSets;
import io.catstream.train.ImageFolder;
import io.catstream.train.ImageLoader;
import io.catstream.train.TrainingData;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where training data comes from: an image folder (split, or with a test folder), NumPy arrays, or the images with
 * truth on Kafka (split as a folder is).
 */
final class DataOptions {

    private static final String TEST_DATA_WITH_KAFKA = "--test-data goes with --data; with --from-kafka the test set "
            + "is split off as with a folder (--test-fraction, --split-seed)";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--data", paramLabel = "DIR", required = true,
                description = "Images in DIR/cats (label 1) and DIR/random_images (label 0).")
        Path folder;

        @Option(names = "--data-npz", paramLabel = "FILE", required = true,
                description = "NumPy arrays X (features × examples), Y (1 × examples), optional X_test, Y_test.")
        Path npz;

        @Option(names = "--from-kafka", required = true,
                description = "The images on the images topic that have truth (label header or image-truth), in the range "
                        + "of --since/--until or --offsets; the model records their lineage (docs/retraining.md).")
        boolean fromKafka;
    }

    @Mixin
    KafkaSourceOptions kafka;

    /** The lineage of the data last loaded, when it came from Kafka. */
    private DataLineage lineage;

    @Option(names = "--test-data", paramLabel = "DIR",
            description = "A separate test folder (same layout) instead of splitting --data.")
    Path testFolder;

    @Mixin
    SplitOptions split;

    TrainingData load(ImageLoader loader) {
        requireKafkaForRange();
        try {
            if (source.fromKafka) {
                if (testFolder != null) {
                    throw new UserError(TEST_DATA_WITH_KAFKA);
                }
                // the article's solver needs every feature vector at once (its stated limit); the bytes need not stay
                try (KafkaDataset.Read read = kafka.read()) {
                    KafkaDataset.Loaded loaded = read.load(loader);
                    lineage = loaded.lineage();
                    return loaded.split(split.testFraction, split.splitSeed);
                }
            }
            if (source.npz != null) {
                requireFile(source.npz);
                return TrainingData.fromNpz(source.npz);
            }
            return TrainingData.fromFolders(loader, source.folder, testFolder, split.testFraction, split.splitSeed);
        } catch (DatasetException | IllegalArgumentException | UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** {@code model} with the lineage of the data it was trained on, when that is known (data from Kafka). */
    ModelArtifact withLineage(ModelArtifact model) {
        return withLineage(model, lineage);
    }

    /** {@code model} with {@code lineage} in its training facts ({@code training.source}); unchanged for null. */
    static ModelArtifact withLineage(ModelArtifact model, DataLineage lineage) {
        if (lineage == null) {
            return model;
        }
        return new ModelArtifact(model.name(), model.input(), model.training().withSource(lineage), model.extra(),
                model.weights(), model.reference());
    }

    /**
     * For the mini-batch recipes: image folders are indexed (a path and a label per image) and decoded a mini-batch
     * at a time; images from Kafka are read once (their lineage needs every record read), their bytes spilled to a
     * temporary file and decoded from it a mini-batch at a time; NumPy arrays are already in memory. Close the sets
     * when training is done: that deletes the spill.
     */
    ExampleSets stream(ImageLoader loader) {
        requireKafkaForRange();
        try {
            if (source.fromKafka) {
                if (testFolder != null) {
                    throw new UserError(TEST_DATA_WITH_KAFKA);
                }
                KafkaDataset.Read read = kafka.read();
                try {
                    KafkaDataset.Streamed streamed = read.stream(loader, split.testFraction, split.splitSeed);
                    lineage = streamed.lineage();
                    return streamed.sets();
                } catch (RuntimeException e) {
                    read.close();
                    throw e;
                }
            }
            if (source.npz != null) {
                requireFile(source.npz);
                return ExampleSets.inMemory(TrainingData.fromNpz(source.npz));
            }
            return ExampleSets.fromFolders(loader, source.folder, testFolder, split.testFraction, split.splitSeed);
        } catch (DatasetException | IllegalArgumentException | UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** How many images a folder source will load (M) and train on (m), counted from the file names, nothing decoded. */
    record Counts(long images, long training) {
    }

    /** The counts of {@code --data} (and {@code --test-data}); empty for NumPy arrays and Kafka, counted once read. */
    java.util.Optional<Counts> count() {
        requireKafkaForRange();
        if (source.npz != null || source.fromKafka) {
            return java.util.Optional.empty();
        }
        try {
            long data = ImageFolder.scan(source.folder).size();
            if (testFolder != null) {
                return java.util.Optional.of(new Counts(data + ImageFolder.scan(testFolder).size(), data));
            }
            return java.util.Optional.of(new Counts(data, data - Math.round(data * split.testFraction)));
        } catch (DatasetException | UncheckedIOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    private void requireKafkaForRange() {
        if (!source.fromKafka && kafka.anyRange()) {
            throw new UserError("--since, --until and --offsets select images on Kafka: add --from-kafka");
        }
    }

    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("file " + file + " does not exist or is not a file");
        }
    }
}
