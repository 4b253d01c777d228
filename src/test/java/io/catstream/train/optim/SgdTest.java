package io.catstream.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest {

    @Test
    void shouldStepAgainstTheGradientWithoutMomentum() {
        double[] w = {1.0, 2.0};
        new Sgd(0).update(List.of(w), List.of(new double[] {0.5, -1.0}), 0.1);

        assertThat(w).containsExactly(0.95, 2.1);
    }

    @Test
    void shouldAccumulateVelocityWithMomentum() {
        double[] w = {1.0};
        Sgd sgd = new Sgd(0.9);
        sgd.update(List.of(w), List.of(new double[] {1.0}), 0.1);   // v = −0.1, w = 0.9
        sgd.update(List.of(w), List.of(new double[] {1.0}), 0.1);   // v = 0.9·(−0.1) − 0.1 = −0.19, w = 0.71

        assertThat(w[0]).isCloseTo(0.71, within(1e-15));
    }

    @Test
    void shouldRefuseAMomentumOfOneOrMore() {
        assertThatThrownBy(() -> new Sgd(1.0)).hasMessageContaining("momentum must be in [0, 1)");
    }
}
