package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.image.Standardisation;
import io.catstream.model.ModelArtifact;
import io.catstream.nn.layered.Initialisation;
import io.catstream.train.augment.Augmentations;
import io.catstream.train.optim.LearningRateSchedule;
import io.catstream.train.optim.Optimizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, larger than memory: a recipe run that decodes its image files a mini-batch at a time makes the model
 * the in-memory run makes from the same folder (every image decoded up front by {@link ImageLoader#load}), to the
 * last bit: same split, same standardisation, same shuffles and augmentation draws, same weights.
 */
class StreamedTrainingTest {

    private static final int IMAGE_SIZE = 8;

    @TempDir
    static Path folder;

    /** 30 cats (a bright square somewhere) and 26 others (noise), 20×20 PNGs, plus one file that is no image. */
    @BeforeAll
    static void writeImages() throws IOException {
        Random random = new Random(5);
        for (String sub : List.of(ImageFolder.CATS, ImageFolder.NON_CATS)) {
            Files.createDirectories(folder.resolve(sub));
        }
        for (int i = 0; i < 56; i++) {
            boolean cat = i < 30;
            BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
            int x0 = random.nextInt(12);
            int y0 = random.nextInt(12);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 20; x++) {
                    boolean square = cat && x >= x0 && x < x0 + 8 && y >= y0 && y < y0 + 8;
                    int v = square ? 200 + random.nextInt(56) : random.nextInt(160);
                    image.setRGB(x, y, v << 16 | (v * 3 / 4) << 8 | random.nextInt(256));
                }
            }
            ImageIO.write(image, "png", folder.resolve(cat ? ImageFolder.CATS : ImageFolder.NON_CATS)
                    .resolve(String.format("img%02d.png", i)).toFile());
        }
        Files.writeString(folder.resolve(ImageFolder.CATS).resolve("notes.png"), "not an image");
    }

    private static ImageLoader loader() {
        return new ImageLoader(new ImagePreprocessor(PreprocessingContract.ofImageSize(IMAGE_SIZE), ImageLimits.defaults()));
    }

    private static Recipe recipe(String layers, String augment, StandardisationMode standardise, double averaging) {
        return new Recipe("streamed", layers, IMAGE_SIZE, Initialisation.HE, Optimizer.Kind.ADAM, 3e-3, 0.9,
                new LearningRateSchedule.Cosine(), 5, 3, 1e-3, Augmentations.parse(augment), standardise, 0.25, 0,
                averaging, 7);
    }

    private static Recipe mlp() {
        return recipe("dense8,dense4,dense1", "flip,shift:1", StandardisationMode.FEATURE, 0);
    }

    private static Recipe cnn() {
        return recipe("convbn4,pool,drop20,dense8,dense1", "flip,shift:1:edge,jitter:0.2,0.2,zoom:0.2",
                StandardisationMode.CHANNEL, 0.9);
    }

    private record Outcome(RecipeRun.Trained trained, String log) {
    }

    private static Outcome inMemory(Recipe recipe) {
        StringWriter log = new StringWriter();
        TrainingData set = TrainingData.fromFolders(loader(), folder, null, 0.2, 3);
        return new Outcome(new RecipeRun(recipe, new PrintWriter(log)).run("m", set, 4), log.toString());
    }

    private static Outcome streamed(Recipe recipe, boolean prefetch) {
        StringWriter log = new StringWriter();
        ExampleSets set = ExampleSets.fromFolders(loader(), folder, null, 0.2, 3);
        return new Outcome(new RecipeRun(recipe, new PrintWriter(log), prefetch).run("m", set, 4), log.toString());
    }

    /** The folder's files as bytes fetched by index (as a data set spilled from Kafka gives them), decoded per batch. */
    private static Outcome streamedFromBytes(Recipe recipe) {
        List<ImageFolder.LabelledFile> files = ImageFolder.scan(folder).files();
        EncodedImages bytes = new EncodedImages() {
            public int size() {
                return files.size();
            }

            public Path name(int index) {
                return files.get(index).path();
            }

            public int label(int index) {
                return files.get(index).label();
            }

            public byte[] bytes(int index) {
                try {
                    return Files.readAllBytes(files.get(index).path());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        EncodedImageExamples all = loader().index("bytes", bytes);
        assertThat(all.skipped()).as("the file that is no image").isEqualTo(1);
        boolean[] released = {false};
        StringWriter log = new StringWriter();
        RecipeRun.Trained trained;
        try (ExampleSets set = ExampleSets.split(all, 0.2, 3, "bytes", () -> released[0] = true)) {
            trained = new RecipeRun(recipe, new PrintWriter(log), true).run("m", set, 4);
        }
        assertThat(released[0]).as("closing the sets releases what they read from").isTrue();
        return new Outcome(trained, log.toString());
    }

    private static void assertSameRun(Outcome memory, Outcome stream) {
        ModelArtifact a = memory.trained().artifact();
        ModelArtifact b = stream.trained().artifact();
        assertThat(b.arrays()).hasSameSizeAs(a.arrays());
        for (int i = 0; i < a.arrays().size(); i++) {
            assertThat(b.arrays().get(i)).as("parameter array %d, bit for bit", i).containsExactly(a.arrays().get(i));
        }
        assertThat(b.parametersSha256()).isEqualTo(a.parametersSha256());
        assertThat(b.input()).isEqualTo(a.input());
        assertThat(b.training().dataFingerprint()).isEqualTo(a.training().dataFingerprint());
        assertThat(b.training().finalCost()).isEqualTo(a.training().finalCost());
        assertThat(b.reference()).isEqualTo(a.reference());
        assertThat(epochLines(stream.log())).isEqualTo(epochLines(memory.log())).isNotEmpty();
        assertThat(stream.trained().test()).isEqualTo(memory.trained().test());
    }

    /** The epoch lines without their times. */
    private static List<String> epochLines(String log) {
        return log.lines().filter(l -> l.startsWith("Epoch ")).map(l -> l.replaceAll(", [0-9.]+ s$", "")).toList();
    }

    @Test
    void shouldTrainTheMlpToTheSameWeightsFromStreamedFilesAsFromImagesInMemory() {
        Outcome memory = inMemory(mlp());

        assertSameRun(memory, streamed(mlp(), true));
        assertThat(memory.trained().data().train().size() + memory.trained().data().validation().size()
                + memory.trained().data().test().size()).as("the file that is no image is left out").isEqualTo(56);
    }

    @Test
    void shouldTrainTheMlpToTheSameWeightsFromImageBytesDecodedPerBatchAsFromImagesInMemory() {
        assertSameRun(inMemory(mlp()), streamedFromBytes(mlp()));
    }

    @Test
    void shouldTrainTheCnnWithBatchNormDropoutAugmentationAndAveragingToTheSameWeightsWithOrWithoutPrefetch() {
        Outcome memory = inMemory(cnn());

        assertSameRun(memory, streamed(cnn(), true));
        assertSameRun(memory, streamed(cnn(), false));
    }

    @Test
    void shouldFitTheSameStandardisationAsTheInMemoryFitOnTheCarvedTrainingRows() {
        TrainingData set = TrainingData.fromFolders(loader(), folder, null, 0.2, 3);
        ValidationSplit carved = ValidationSplit.carve(set.train(), 0.25, 4);
        Standardisation direct = StandardisationMode.CHANNEL.fit(carved.train()).orElseThrow();

        RecipeData streamedData = RecipeData.prepare(ExampleSets.fromFolders(loader(), folder, null, 0.2, 3), 0.25, 4,
                StandardisationMode.CHANNEL);

        assertThat(streamedData.standardisation()).contains(direct);
        assertThat(streamedData.fingerprint()).isEqualTo(DataFingerprint.of(set.train()));
        assertThat(streamedData.validation().labels()).containsExactly(
                java.util.Arrays.copyOf(carved.validation().labels().data, carved.validation().size()));
    }
}
