package io.catstream.train;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The training and test examples of a mini-batch recipe run, as {@link ExampleSource}s, and where they came from:
 * {@link TrainingData} held in memory, or image folders indexed and decoded batch by batch
 * ({@link #fromFolders}), or any other source (a Kafka range) that gives its examples in a canonical order.
 * {@link #close} releases what the sources read from ({@code release}: a data set's spill file), once training is done.
 */
public record ExampleSets(ExampleSource train, ExampleSource test, String source, Runnable release) implements AutoCloseable {

    public ExampleSets {
        Objects.requireNonNull(release, "release");
    }

    /** Sources that hold nothing to release. */
    public ExampleSets(ExampleSource train, ExampleSource test, String source) {
        this(train, test, source, () -> { });
    }

    /** Rows already in memory (NumPy arrays, the demo's images): read by copying. */
    public static ExampleSets inMemory(TrainingData set) {
        return new ExampleSets(new InMemoryExamples(set.train()), new InMemoryExamples(set.test()), set.source());
    }

    /**
     * The same images, the same order and the same train/test split as {@link TrainingData#fromFolders}, but
     * holding a path and a label per image instead of its features.
     */
    public static ExampleSets fromFolders(ImageLoader loader, Path data, Path testData, double testFraction,
                                          long splitSeed) {
        ImageFileExamples all = loader.index(ImageFolder.scan(data));
        if (testData != null) {
            ImageFileExamples test = loader.index(ImageFolder.scan(testData));
            return new ExampleSets(all, test, "images:" + data + " test:" + testData + " (streamed)");
        }
        return split(all, testFraction, splitSeed, "images:" + data, () -> { });
    }

    /**
     * {@code all} split seeded into train and test by index, as {@link TrainingData#split} splits loaded rows, so a
     * streamed source trains on the same examples as the same images loaded whole.
     */
    public static ExampleSets split(ExampleSource all, double testFraction, long splitSeed, String source, Runnable release) {
        Split.Indices split = Split.indices(all.size(), testFraction, splitSeed);
        return new ExampleSets(all.subset(split.train()), all.subset(split.test()),
                source + " split:" + testFraction + "@" + splitSeed + " (streamed)", release);
    }

    @Override
    public void close() {
        release.run();
    }
}
