package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void shouldCountTheConfusionMatrixWithTheArticlesThreshold() {
        // truth:        cat  cat  cat  non  non  non  non
        double[] labels = {1, 1, 1, 0, 0, 0, 0};
        double[] probs = {0.9, 0.51, 0.5, 0.49, 0.7, 0.1, 0.0};  // 0.5 itself is not a cat: A_L > 0.5

        Evaluation e = Evaluation.of(probs, labels);

        assertThat(e).isEqualTo(new Evaluation(2, 1, 3, 1));
        assertThat(e.accuracy()).isCloseTo(5.0 / 7, within(1e-15));
        assertThat(e.catPrecision()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(e.catRecall()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(e.nonCatPrecision()).isCloseTo(3.0 / 4, within(1e-15));
        assertThat(e.nonCatRecall()).isCloseTo(3.0 / 4, within(1e-15));
    }

    @Test
    void shouldReportNotANumberRatherThanDivideByZeroOnAnEmptySet() {
        Evaluation e = Evaluation.of(new double[0], new double[0]);

        assertThat(e.accuracy()).isNaN();
        assertThat(e.report()).contains("accuracy: NaN (0 of 0)");
    }
}
