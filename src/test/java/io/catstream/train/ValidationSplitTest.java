package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.nn.LabelledExamples;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    /** 30 cats then 70 non-cats; example e's only feature is e. */
    static LabelledExamples examples() {
        DMatrixRMaj x = new DMatrixRMaj(100, 1);
        DMatrixRMaj y = new DMatrixRMaj(1, 100);
        for (int e = 0; e < 100; e++) {
            x.data[e] = e;
            y.data[e] = e < 30 ? 1 : 0;
        }
        return new LabelledExamples(x, y);
    }

    @Test
    void shouldHoldOutADisjointStratifiedShareThatTogetherWithTrainingIsEverything() {
        ValidationSplit split = ValidationSplit.carve(examples(), 0.2, 5);

        assertThat(split.validationIndices()).hasSize(20);
        assertThat(Arrays.stream(split.validationIndices()).filter(i -> i < 30).count()).as("cats in validation").isEqualTo(6);
        assertThat(IntStream.concat(Arrays.stream(split.trainIndices()), Arrays.stream(split.validationIndices())).sorted()
                .toArray()).containsExactly(IntStream.range(0, 100).toArray());
        assertThat(split.validation().features().data[3]).isEqualTo(split.validationIndices()[3]);
        assertThat(split.train().labels().data[0]).isEqualTo(split.trainIndices()[0] < 30 ? 1 : 0);
    }

    @Test
    void shouldCarveTheSameExamplesForTheSameSeedAndOthersForAnother() {
        assertThat(ValidationSplit.carve(examples(), 0.2, 5).validationIndices())
                .containsExactly(ValidationSplit.carve(examples(), 0.2, 5).validationIndices())
                .isNotEqualTo(ValidationSplit.carve(examples(), 0.2, 6).validationIndices());
    }

    @Test
    void shouldLeaveEverythingToTrainingWithFractionZero() {
        ValidationSplit split = ValidationSplit.carve(examples(), 0, 5);

        assertThat(split.validation().isEmpty()).isTrue();
        assertThat(split.train().size()).isEqualTo(100);
    }

    @Test
    void shouldRefuseAFractionOutsideZeroToOne() {
        assertThatThrownBy(() -> ValidationSplit.carve(examples(), 1.0, 5)).hasMessageContaining("in [0, 1)");
    }
}
