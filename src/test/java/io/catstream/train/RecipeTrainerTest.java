package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.nn.LabelledExamples;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.Initialisation;
import io.catstream.nn.layered.NetworkFactory;
import io.catstream.nn.layered.Networks;
import io.catstream.nn.layered.TrainableNetwork;
import io.catstream.train.augment.Augmentations;
import io.catstream.train.optim.LearningRateSchedule;
import io.catstream.train.optim.Optimizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeTrainerTest {

    private static final int S = 4;
    private static final int N = 3 * S * S;

    /** A small recipe on 4×4 images: Adam, batches of 8, flips and shifts, no early stop unless asked. */
    private static Recipe recipe(int epochs, int patience, String augment) {
        return recipe("dense6,dense1", epochs, patience, augment);
    }

    private static Recipe recipe(String layers, int epochs, int patience, String augment) {
        return new Recipe("test", layers, S, Initialisation.HE, Optimizer.Kind.ADAM, 0.01, 0.9,
                new LearningRateSchedule.Constant(), 8, epochs, 1e-4, Augmentations.parse(augment), StandardisationMode.NONE,
                0.25, patience, 0, 1);
    }

    /** Cats: every value in [0.2, 1]; non-cats: every value in [−1, −0.2]: separable whatever the flip or shift. */
    private static LabelledExamples signedImages(int count, long seed) {
        Random random = new Random(seed);
        DMatrixRMaj x = new DMatrixRMaj(count, N);
        DMatrixRMaj y = new DMatrixRMaj(1, count);
        for (int e = 0; e < count; e++) {
            y.data[e] = e % 2;
            for (int f = 0; f < N; f++) {
                x.data[e * N + f] = (y.data[e] == 1 ? 1 : -1) * (0.2 + 0.8 * random.nextDouble());
            }
        }
        return new LabelledExamples(x, y);
    }

    /** Plain SGD without augmentation: what the fake networks below expect. */
    private static Recipe sgd(double lr, int batch, int epochs, double l2, double validationFraction, int patience) {
        return sgd(lr, batch, epochs, l2, validationFraction, patience, 0);
    }

    private static Recipe sgd(double lr, int batch, int epochs, double l2, double validationFraction, int patience,
                              double averaging) {
        return new Recipe("test", "dense6,dense1", S, Initialisation.HE, Optimizer.Kind.SGD, lr, 0,
                new LearningRateSchedule.Constant(), batch, epochs, l2, Augmentations.NONE, StandardisationMode.NONE,
                validationFraction, patience, averaging, 1);
    }

    private static RecipeResult train(Recipe recipe, NetworkFactory factory, LabelledExamples train,
                                      LabelledExamples validation) {
        return new RecipeTrainer(recipe, new PrintWriter(Writer.nullWriter())).train(factory, train, validation);
    }

    private static TrainableNetwork dense(Architecture arch, long seed) {
        return Networks.factoryFor(arch, Initialisation.HE).create(arch, seed);
    }

    @Test
    void shouldLearnASeparableSetWithADenseNetworkAndLogEveryEpoch() {
        StringWriter out = new StringWriter();
        RecipeResult result = new RecipeTrainer(recipe(15, 0, "flip,shift:1"), new PrintWriter(out))
                .train(RecipeTrainerTest::dense, signedImages(40, 1), signedImages(12, 2));

        assertThat(result.epochsRun()).isEqualTo(15);
        assertThat(result.steps()).isEqualTo(15 * 5);
        assertThat(result.best().validationAccuracy()).isEqualTo(1.0);
        assertThat(result.epochs().get(15).trainCost()).isLessThan(result.epochs().get(1).trainCost());
        assertThat(out.toString()).contains("Epoch 1/15: cost ", "Epoch 15/15:", "validation accuracy 1.0000", "kept epoch ");
    }

    @Test
    void shouldGiveTheSameRunForTheSameSeed() {
        LabelledExamples train = signedImages(30, 1);
        LabelledExamples validation = signedImages(10, 2);
        RecipeResult a = train(recipe(3, 0, "flip,shift:1"), RecipeTrainerTest::dense, train, validation);
        RecipeResult b = train(recipe(3, 0, "flip,shift:1"), RecipeTrainerTest::dense, train, validation);

        for (int i = 0; i < a.network().parameters().size(); i++) {
            assertThat(a.network().parameters().get(i)).containsExactly(b.network().parameters().get(i));
        }
        assertThat(a.epochs().get(3).trainCost()).isEqualTo(b.epochs().get(3).trainCost());
    }

    @Test
    void shouldGiveTheSameRunForTheSameSeedWithDropoutJitterAndZoom() {
        LabelledExamples train = signedImages(30, 1);
        LabelledExamples validation = signedImages(10, 2);
        Recipe recipe = recipe("conv3,gap,drop50,dense6,drop20,dense1", 3, 0, "flip,jitter:0.2,0.2,zoom:0.3");
        NetworkFactory factory = Networks.factoryFor(recipe.architecture(), Initialisation.HE);
        RecipeResult a = train(recipe, factory, train, validation);
        RecipeResult b = train(recipe, factory, train, validation);

        for (int i = 0; i < a.network().parameters().size(); i++) {
            assertThat(a.network().parameters().get(i)).containsExactly(b.network().parameters().get(i));
        }
        assertThat(a.epochs().get(3).trainCost()).isEqualTo(b.epochs().get(3).trainCost());
    }

    @Test
    void shouldKeepABatchNormalisedCheckpointWhoseFoldedFormScoresAsValidationWasScored() {
        LabelledExamples train = signedImages(30, 1);
        LabelledExamples validation = signedImages(12, 2);
        Recipe recipe = new Recipe("test", "convbn3,pool,densebn4,dense1", S, Initialisation.HE, Optimizer.Kind.ADAM, 0.01,
                0.9, new LearningRateSchedule.Constant(), 8, 4, 1e-4, Augmentations.parse("flip"), StandardisationMode.NONE,
                0.25, 0, 0.9, 1);
        RecipeResult result = train(recipe, Networks.factoryFor(recipe.architecture(), Initialisation.HE), train, validation);

        TrainableNetwork kept = result.network();
        List<String> names = kept.architecture().parameters().stream().map(p -> p.name()).toList();
        assertThat(kept.parameters().get(names.indexOf("mean1"))).as("running means moved from 0 while training")
                .satisfies(m -> assertThat(java.util.Arrays.stream(m).anyMatch(v -> v != 0)).isTrue());
        TrainableNetwork folded = kept.folded();
        assertThat(folded.architecture().layerTokens()).isEqualTo("conv3,pool,dense4,dense1");
        // the epoch log scored validation in scoring mode (running statistics): the written network agrees
        assertThat(Evaluation.of(folded, validation).accuracy()).isEqualTo(result.best().validationAccuracy());
        assertThat(result.best().validationAccuracy()).as("the set is separable").isEqualTo(1.0);
    }

    @Test
    void shouldFeedEveryTrainingExampleOncePerEpochWithItsOwnLabelUnderAugmentation() {
        LabelledExamples train = signedImages(20, 3);
        RecordingNetwork recorder = new RecordingNetwork(recipe(2, 0, "flip,shift:2:edge").architecture());

        train(recipe(2, 0, "flip,shift:2:edge"), (arch, seed) -> recorder, train, signedImages(4, 4));

        assertThat(recorder.seen).isEqualTo(2 * 20);
        assertThat(recorder.mislabelled).as("examples whose sign disagrees with their label").isZero();
        assertThat(recorder.flippedOrShifted).as("augmentation changed some examples").isPositive();
    }

    @Test
    void shouldReturnTheBestValidationCheckpointAndStopWhenPatienceRunsOut() {
        // one step per epoch moves the fake's counter to the epoch number; validation accuracy is 1 only at epoch 2
        PeakingNetwork network = new PeakingNetwork(recipe(10, 3, "none").architecture(), 2);
        RecipeResult result = train(sgd(1.0, 100, 10, 0, 0.25, 3), (arch, seed) -> network, signedImages(8, 1), signedImages(6, 2));

        assertThat(result.bestEpoch()).isEqualTo(2);
        assertThat(result.epochsRun()).isEqualTo(5);
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.epochs().get(2).validationAccuracy()).isEqualTo(1.0);
        assertThat(result.epochs().get(5).validationAccuracy()).isEqualTo(0.5);
        assertThat(network.counter()).as("the parameters were put back to epoch 2's").isEqualTo(2.0);
    }

    @Test
    void shouldKeepTheLastEpochWithoutValidation() {
        PeakingNetwork network = new PeakingNetwork(recipe(4, 3, "none").architecture(), 2);
        RecipeResult result = train(sgd(1.0, 100, 4, 0, 0, 3), (arch, seed) -> network, signedImages(8, 1), signedImages(0, 2));

        assertThat(result.bestEpoch()).isEqualTo(4);
        assertThat(network.counter()).isEqualTo(4.0);
        assertThat(Double.isNaN(result.best().validationAccuracy())).isTrue();
    }

    @Test
    void shouldReturnTheBiasCorrectedAverageOfTheStepsWhenAveraging() {
        // one step per epoch: the counter goes 1, 2, 3, 4; with decay 0.5 the average is
        // (0.0625·1 + 0.125·2 + 0.25·3 + 0.5·4) / (1 − 0.5⁴) = 3.0625 / 0.9375
        PeakingNetwork network = new PeakingNetwork(recipe(4, 3, "none").architecture(), 2);
        RecipeResult result = train(sgd(1.0, 100, 4, 0, 0, 3, 0.5), (arch, seed) -> network, signedImages(8, 1),
                signedImages(0, 2));

        assertThat(result.epochsRun()).isEqualTo(4);
        assertThat(network.counter()).isCloseTo(3.0625 / 0.9375, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void shouldKeepTheAverageOfTheBestEpoch() {
        // averaged counters after epoch 2.. are never the integer 2 the fake peaks at, so every epoch scores 0.5 and
        // the first is kept: what is restored is that epoch's average (the first step itself), not its raw weights
        PeakingNetwork network = new PeakingNetwork(recipe(10, 0, "none").architecture(), 2);
        RecipeResult result = train(sgd(1.0, 100, 10, 0, 0.25, 0, 0.5), (arch, seed) -> network, signedImages(8, 1),
                signedImages(6, 2));

        assertThat(result.epochsRun()).isEqualTo(10);
        assertThat(result.bestEpoch()).isEqualTo(1); // all epochs tie at 0.5: the first is kept
        assertThat(network.counter()).as("epoch 1's average: the first step itself").isEqualTo(1.0);
    }

    @Test
    void shouldStopWithTheLearningRateInTheMessageWhenTheCostDiverges() {
        // lr·λ = 1e9: each step multiplies every weight by about −1e9, so the L2 term overflows within a few epochs
        Recipe wild = sgd(1e12, 8, 40, 1e-3, 0, 0);

        assertThatThrownBy(() -> train(wild, RecipeTrainerTest::dense, signedImages(16, 1), signedImages(0, 1)))
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("is probably too large");
    }

    @Test
    void shouldWriteTheCurvesAsCsvAndPng(@TempDir Path dir) throws Exception {
        RecipeResult result = train(recipe(3, 0, "flip"), RecipeTrainerTest::dense, signedImages(16, 1), signedImages(8, 2));

        result.epochs().writeCsv(dir.resolve("curves.csv"));
        CostChart.writePng(result.epochs(), "test", dir.resolve("curves.png"));

        List<String> rows = Files.readAllLines(dir.resolve("curves.csv"));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).isEqualTo("epoch,learning_rate,train_cost,train_accuracy,validation_cost,validation_accuracy,seconds");
        assertThat(rows.get(3)).startsWith("3,0.0100000000000000");
        assertThat(javax.imageio.ImageIO.read(dir.resolve("curves.png").toFile()).getWidth()).isEqualTo(900);
    }

    /** Counts what training shows it: every example's values must share its label's sign. */
    private static final class RecordingNetwork extends FakeNetwork {
        int seen;
        int mislabelled;
        int flippedOrShifted;

        RecordingNetwork(Architecture arch) {
            super(arch);
        }

        @Override
        public double costAndGradients(double[] examples, double[] labels, int count, List<double[]> gradients) {
            for (int e = 0; e < count; e++) {
                seen++;
                double sign = labels[e] == 1 ? 1 : -1;
                boolean anyChanged = false;
                for (int f = 0; f < N; f++) {
                    double v = examples[e * N + f];
                    if (v * sign <= 0) {
                        mislabelled++;
                        break;
                    }
                    anyChanged |= f >= 3 && v == examples[e * N + f - 3];   // edge padding repeats a pixel
                }
                flippedOrShifted += anyChanged ? 1 : 0;
            }
            return 0.5;
        }
    }

    /**
     * A network whose only parameter is a counter that every SGD step (lr 1, gradient −1) raises by one; it
     * classifies every validation example right when the counter equals {@code peak}, half of them otherwise.
     */
    private static final class PeakingNetwork extends FakeNetwork {
        private final double peak;

        PeakingNetwork(Architecture arch, double peak) {
            super(arch);
            this.peak = peak;
        }

        double counter() {
            return params.get(0)[0];
        }

        @Override
        public double costAndGradients(double[] examples, double[] labels, int count, List<double[]> gradients) {
            gradients.get(0)[0] = -1;
            return 0.5;
        }

        @Override
        public void probabilities(double[] examples, int count, double[] out) {
            for (int e = 0; e < count; e++) {
                boolean cat = examples[e * N] > 0;
                boolean right = counter() == peak || e % 2 == 0;
                out[e] = cat == right ? 0.9 : 0.1;
            }
        }
    }

    private abstract static class FakeNetwork implements TrainableNetwork {
        final Architecture arch;
        final List<double[]> params = List.of(new double[1], new double[1], new double[1], new double[1]);

        FakeNetwork(Architecture arch) {
            this.arch = arch;
        }

        @Override
        public Architecture architecture() {
            return arch;
        }

        @Override
        public List<double[]> parameters() {
            return params;
        }

        @Override
        public int inputSize() {
            return N;
        }

        @Override
        public void probabilities(double[] examples, int count, double[] out) {
            for (int e = 0; e < count; e++) {
                out[e] = examples[e * N] > 0 ? 0.9 : 0.1;
            }
        }
    }
}
