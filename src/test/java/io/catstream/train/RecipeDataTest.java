package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.catstream.image.Standardisation;
import io.catstream.nn.LabelledExamples;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class RecipeDataTest {

    private static final int N = 12;   // 2×2 RGB

    /** {@code count} examples whose every value is {@code base + e} (e = example index), alternating labels. */
    private static LabelledExamples constantExamples(int count, double base) {
        DMatrixRMaj x = new DMatrixRMaj(count, N);
        DMatrixRMaj y = new DMatrixRMaj(1, count);
        for (int e = 0; e < count; e++) {
            Arrays.fill(x.data, e * N, (e + 1) * N, base + e);
            y.data[e] = e % 2;
        }
        return new LabelledExamples(x, y);
    }

    /** Every feature of a source, example after example. */
    static double[] readAll(ExampleSource source) {
        double[] x = new double[source.size() * source.featureCount()];
        source.read(ExampleSource.inOrder(source.size()), 0, source.size(), x);
        return x;
    }

    @Test
    void shouldFitTheStatisticsOnTheTrainingPartOnlyAndApplyThemToAllThreeSets() {
        // the test set lives around 1000: any use of it (or of validation) in the fit moves the mean far from
        // the training part's own
        LabelledExamples all = constantExamples(40, 0);
        LabelledExamples test = constantExamples(10, 1000);
        TrainingData set = new TrainingData(all, test, "synthetic");
        ValidationSplit carved = ValidationSplit.carve(all, 0.25, 3);
        double trainMean = Arrays.stream(carved.trainIndices()).average().orElseThrow();
        double allMean = 19.5;

        RecipeData data = RecipeData.prepare(set, 0.25, 3, StandardisationMode.CHANNEL);

        Standardisation s = data.standardisation().orElseThrow();
        assertThat(s.mean()).containsExactly(new double[] {trainMean, trainMean, trainMean}, within(1e-9));
        assertThat(trainMean).as("the check can tell training from all data").isNotCloseTo(allMean, within(0.1));
        assertThat(data.train().size()).isEqualTo(30);
        assertThat(data.validation().size()).isEqualTo(10);
        // the mean of the standardised training part is 0; validation and test went through the same (x − mean)/std
        double[] trainValues = readAll(data.train());
        assertThat(Arrays.stream(trainValues).average().orElseThrow()).isCloseTo(0, within(1e-9));
        int v0 = carved.validationIndices()[0];
        assertThat(readAll(data.validation())[5]).isEqualTo((v0 - s.mean()[2]) / s.std()[2]);
        assertThat(readAll(data.test())[N]).isEqualTo((1001 - s.mean()[0]) / s.std()[0]);
    }

    @Test
    void shouldMatchTheStandardisationClassAppliedToTheRawVector() {
        LabelledExamples all = constantExamples(20, 0);
        for (int i = 0; i < all.features().data.length; i++) {
            all.features().data[i] += 0.01 * (i % 7);
        }
        double[] rawTest = Arrays.copyOf(all.features().data, N);
        TrainingData set = new TrainingData(all, constantExamples(1, 0), "synthetic");
        System.arraycopy(rawTest, 0, set.test().features().data, 0, N);
        String fingerprint = DataFingerprint.of(all);

        RecipeData data = RecipeData.prepare(set, 0.2, 1, StandardisationMode.FEATURE);

        double[] expected = rawTest.clone();
        data.standardisation().orElseThrow().apply(expected, 0, N);   // what the scorer does to one image
        assertThat(data.standardisation().orElseThrow().mean()).hasSize(N);
        assertThat(Arrays.copyOf(readAll(data.test()), N)).containsExactly(expected);
        assertThat(data.fingerprint()).as("the raw training examples, as the in-memory hash").isEqualTo(fingerprint);
        assertThat(all.features().data).as("standardised as read, the loaded rows untouched").startsWith(rawTest);
    }

    @Test
    void shouldLeaveTheFeaturesAloneWithoutStandardisation() {
        RecipeData data = RecipeData.prepare(new TrainingData(constantExamples(10, 5), constantExamples(2, 7), "s"), 0,
                1, StandardisationMode.NONE);

        assertThat(data.standardisation()).isEmpty();
        assertThat(readAll(data.test())[0]).isEqualTo(7);
    }
}
