package io.catstream.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void shouldKeepTheBaseRateWhenConstant() {
        LearningRateSchedule constant = LearningRateSchedule.parse("constant");
        assertThat(constant.rate(0.01, 0, 10)).isEqualTo(0.01);
        assertThat(constant.rate(0.01, 9, 10)).isEqualTo(0.01);
    }

    @Test
    void shouldMultiplyByTheFactorEveryNEpochsWithStepDecay() {
        LearningRateSchedule step = LearningRateSchedule.parse("step:3:0.5");

        assertThat(new double[] {step.rate(1, 0, 10), step.rate(1, 2, 10), step.rate(1, 3, 10), step.rate(1, 6, 10),
            step.rate(1, 9, 10)}).containsExactly(1, 1, 0.5, 0.25, 0.125);
        assertThat(step.token()).isEqualTo("step:3:0.5");
    }

    @Test
    void shouldFollowHalfACosineFromTheBaseRateTowardsZero() {
        LearningRateSchedule cosine = LearningRateSchedule.parse("cosine");

        assertThat(cosine.rate(0.1, 0, 4)).isEqualTo(0.1);
        assertThat(cosine.rate(0.1, 1, 4)).isCloseTo(0.1 * (1 + Math.sqrt(0.5)) / 2, within(1e-15));
        assertThat(cosine.rate(0.1, 2, 4)).isCloseTo(0.05, within(1e-15));
        assertThat(cosine.rate(0.1, 3, 4)).isCloseTo(0.1 * (1 - Math.sqrt(0.5)) / 2, within(1e-15));
    }

    @Test
    void shouldNameTheAcceptedFormsForAnUnknownSchedule() {
        assertThatThrownBy(() -> LearningRateSchedule.parse("exponential"))
                .hasMessageContaining("expected constant, cosine or step:EVERY:FACTOR");
        assertThatThrownBy(() -> LearningRateSchedule.parse("step:0:0.5")).hasMessageContaining("every ≥ 1");
    }
}
