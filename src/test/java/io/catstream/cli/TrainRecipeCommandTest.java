package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.ColouredImageFolder;
import io.catstream.testsupport.SharedData;
import io.catstream.train.Evaluation;
import io.catstream.train.ImageFolder;
import io.catstream.train.ImageLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code catstream train --recipe NAME}: the mini-batch recipes, their options, and the article left as it was. */
class TrainRecipeCommandTest {

    @TempDir
    Path dir;

    private Path data;

    @BeforeEach
    void writeImages() {
        data = ColouredImageFolder.write(dir.resolve("data"), 20);
    }

    /** A fast mlp run on the 8×8 images; {@code more} adds or overrides options. */
    private CliRun mlp(String... more) {
        List<String> args = Stream.concat(Stream.of("train", "--recipe", "mlp", "--data", data.toString(),
                "--image-size", "8", "--arch", "dense4,dense1", "--epochs", "6", "--batch-size", "8", "--lr", "0.01",
                "--out", dir.resolve("mlp.model").toString()), Stream.of(more)).toList();
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void shouldTrainAnMlpAndReportTrainValidationAndTestAccuracyWithCurvesAndTheRecipeInTheModel() throws Exception {
        Path curves = dir.resolve("curves.csv");
        CliRun run = mlp("--standardise", "none", "--augment", "flip,shift:1", "--cost-log", curves.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        // 40 images: round(40·0.2) = 8 test; the 32 left are 17 cats (3 to validation) and 15 non-cats (2)
        assertThat(run.out()).contains("data: 27 training, 5 validation and 8 test examples, 192 features",
                "Epoch 1/6: cost ", "train accuracy: ", "validation accuracy: ", "test accuracy: ", "kept epoch ",
                "confusion matrix");
        assertThat(Files.readAllLines(curves)).hasSizeBetween(2, 7);
        assertThat(ImageIO.read(dir.resolve("curves.png").toFile())).isNotNull();

        ModelArtifact model = ModelCodec.read(dir.resolve("mlp.model"));
        assertThat(model.training().recipe()).isEqualTo("mlp");
        assertThat(model.training().learningRate()).isEqualTo(0.01);
        assertThat(model.shape().toString()).isEqualTo("192,4,1");
        assertThat(model.input().imageSize()).isEqualTo(8);
        assertThat(model.input().standardises()).isFalse();
        assertThat(model.extra()).containsEntry("optimizer", "adam").containsEntry("batch_size", "8")
                .containsEntry("augment", "flip,shift:1").containsEntry("validation_examples", "5")
                .containsKeys("best_epoch", "epochs_run", "validation_accuracy", "l2");
        // issue #17: the reference of the validation split, its accuracy the one Evaluation printed
        assertThat(model.reference().split()).isEqualTo("validation");
        assertThat(model.reference().examples()).isEqualTo(5);
        assertThat(model.reference().observedAccuracy())
                .isCloseTo(Double.parseDouble(model.extra().get("validation_accuracy")), org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void shouldStoreTheTrainingStatisticsInTheModelsInputContract() throws Exception {
        CliRun run = mlp("--standardise", "channel");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("validation accuracy: ");
        ModelArtifact model = ModelCodec.read(dir.resolve("mlp.model"));
        assertThat(model.input().mean()).hasSize(3);
        assertThat(model.input().std()).hasSize(3);
    }

    @Test
    void shouldGiveTheArticleRecipeExactlyTheOutputAndModelItHadWithoutTheSwitch() throws Exception {
        List<String> common = List.of("train", "--data", data.toString(), "--dims", "192,4,1", "--iterations", "60",
                "--lr", "0.05");
        CliRun before = CliRun.of(Stream.concat(common.stream(), Stream.of("--out", dir.resolve("a.model").toString()))
                .toArray(String[]::new));
        CliRun after = CliRun.of(Stream.concat(common.stream(), Stream.of("--recipe", "article", "--out",
                dir.resolve("b.model").toString())).toArray(String[]::new));

        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(withoutTimesAndPaths(after.out())).isEqualTo(withoutTimesAndPaths(before.out()));
        ModelArtifact a = ModelCodec.read(dir.resolve("a.model"));
        ModelArtifact b = ModelCodec.read(dir.resolve("b.model"));
        assertThat(b.parametersSha256()).isEqualTo(a.parametersSha256());
        assertThat(b.training().recipe()).isEqualTo("article");
        assertThat(b.extra()).isEmpty();
        assertThat(b.input().standardises()).isFalse();
        // issue #17: the article recipe's reference is its test split's
        assertThat(b.reference().split()).isEqualTo("test");
        assertThat(b.reference().examples()).isEqualTo(b.training().testExamples().longValue());
        assertThat(b.reference().observedAccuracy()).isEqualTo(b.training().testAccuracy());
    }

    private static List<String> withoutTimesAndPaths(String out) {
        return out.lines().filter(l -> !l.startsWith("training time:")).map(l -> l.replaceAll("[ab]\\.model", "X.model")).toList();
    }

    @Test
    void shouldRefuseTheRecipeOptionsForTheArticleRecipeNamingThem() {
        CliRun run = CliRun.of("train", "--data", data.toString(), "--batch-size", "8", "--optimizer", "adam");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--optimizer, --batch-size are not an option of --recipe article",
                "use --recipe mlp or cnn");
    }

    @Test
    void shouldRefuseTheArticleOnlyOptionsForARecipe() {
        CliRun run = mlp("--dims", "192,4,1", "--iterations", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--dims, --iterations belong to --recipe article only");
    }

    @Test
    void shouldListTheRecipesForAnUnknownName() {
        CliRun run = CliRun.of("train", "--recipe", "resnet", "--data", data.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("catstream: --recipe resnet is not a recipe: choose one of article, mlp, cnn");
    }

    @Test
    void shouldNameTheOptionAndTheAcceptedValuesForABadValue() {
        assertThat(mlp("--optimizer", "rmsprop").err()).contains("--optimizer: unknown value 'rmsprop', expected one of sgd, adam");
        assertThat(mlp("--augment", "rotate").err()).contains("--augment: unknown augmentation 'rotate'");
        assertThat(mlp("--lr-schedule", "warmup").err()).contains("--lr-schedule: unknown learning-rate schedule 'warmup'");
        assertThat(mlp("--standardise", "pixel").err()).contains("--standardise: unknown value 'pixel', expected one of channel, feature, none");
        assertThat(mlp("--patience", "-1").err()).contains("--recipe mlp: image size, batch size and epochs must be ≥ 1 and patience ≥ 0");
        assertThat(CliRun.of("train", "--recipe", "mlp", "--data", data.toString(), "--arch", "dense4,conv8,dense1").err())
                .contains("--arch dense4,conv8,dense1: conv8 after a dense layer");
        assertThat(mlp("--validation-fraction", "1.5").exitCode()).isEqualTo(2);
    }

    @Test
    void shouldTrainAConvolutionalNetworkWithTheCnnRecipe() {
        CliRun run = CliRun.of("train", "--recipe", "cnn", "--data", data.toString(), "--image-size", "8",
                "--arch", "conv4,pool,dense4,dense1", "--epochs", "3", "--batch-size", "8", "--lr", "0.01",
                "--weight-averaging", "0.9", "--out", dir.resolve("cnn.model").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Epoch 3/3: cost ", "train accuracy: ", "validation accuracy: ", "test accuracy: ");
        ModelArtifact model = ModelCodec.read(dir.resolve("cnn.model"));
        assertThat(model.architecture().layerTokens()).isEqualTo("conv4,pool,dense4,dense1");
        assertThat(model.input().standardises()).isTrue(); // the cnn recipe standardises per channel
        assertThat(model.input().mean()).hasSize(3);
        assertThat(model.extra()).containsEntry("arch", "conv4,pool,dense4,dense1").containsEntry("weight_averaging", "0.9");
        assertThat(CliRun.of("train", "--data", data.toString(), "--weight-averaging", "0.9").err())
                .contains("--weight-averaging"); // the article recipe is the reference: it refuses the option by name
    }

    @Test
    void shouldTrainWithBatchNormalisationAndWriteItFoldedIntoPlainLayers() {
        String arch = "convbn4,pool,densebn4,dense1";
        CliRun run = CliRun.of("train", "--recipe", "cnn", "--data", data.toString(), "--image-size", "8",
                "--arch", arch, "--epochs", "3", "--batch-size", "8", "--lr", "0.01", "--weight-averaging", "0.9",
                "--out", dir.resolve("bn.model").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Epoch 3/3: cost ", "test accuracy: ");
        ModelArtifact model = ModelCodec.read(dir.resolve("bn.model"));
        assertThat(model.architecture().layerTokens()).isEqualTo("conv4,pool,dense4,dense1");
        assertThat(model.arrays()).hasSize(6);
        assertThat(model.extra()).containsEntry("arch", arch);
        assertThat(CliRun.of("train", "--recipe", "cnn", "--data", data.toString(), "--arch", "convbn4,densebn1").err())
                .contains("--arch convbn4,densebn1").contains("last layer");
    }

    @Test
    void shouldTrainACnnWithGapDropoutJitterAndZoomIntoAModelThatEvaluateScoresWithoutDropout() {
        String arch = "conv16,pool,conv32,pool,conv64,pool,gap,drop30,dense64,dense1";
        String augment = "flip,shift:4,jitter:0.2,0.2,zoom:0.2";
        Path modelFile = dir.resolve("gap.model");
        CliRun train = CliRun.of("train", "--recipe", "cnn", "--data", data.toString(), "--image-size", "8",
                "--arch", arch, "--augment", augment, "--epochs", "3", "--batch-size", "8", "--lr", "0.01",
                "--out", modelFile.toString());

        assertThat(train.exitCode()).as(train.toString()).isZero();
        assertThat(train.out()).contains("Epoch 3/3: cost ", "test accuracy: ");
        ModelArtifact model = ModelCodec.read(modelFile);
        assertThat(model.architecture().layerTokens()).isEqualTo(arch);
        assertThat(model.extra()).containsEntry("arch", arch).containsEntry("augment", augment);

        Path holdout = ColouredImageFolder.write(dir.resolve("holdout"), 5);
        CliRun evaluate = CliRun.of("evaluate", "--model", modelFile.toString(), "--data", holdout.toString());

        assertThat(evaluate.exitCode()).as(evaluate.toString()).isZero();
        ImagePreprocessor preprocessor = new ImagePreprocessor(model.input().toPreprocessing(), ImageLimits.defaults());
        Evaluation offline = Evaluation.of(Classifiers.of(model),
                new ImageLoader(preprocessor).load(ImageFolder.scan(holdout)).examples());
        assertThat(evaluate.out()).contains(offline.report());
    }

    @Test
    void shouldTrainTheMlpRecipeOnTheDeepLearningAiPhotosForTwoEpochs() {
        Path train = SharedData.assumeData("catvnoncat/train");
        Path test = SharedData.assumeData("catvnoncat/test");

        CliRun run = CliRun.of("train", "--recipe", "mlp", "--data", train.toString(), "--test-data", test.toString(),
                "--arch", "dense8,dense1", "--epochs", "2", "--standardise", "none", "--out", dir.resolve("c.model").toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("12288 features", "Epoch 2/2", "test accuracy: 0.");
    }
}
