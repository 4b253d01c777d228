package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StandardisationTest {

    // two examples of 2×1 pixels, RGB: features (p0.r, p0.g, p0.b, p1.r, p1.g, p1.b)
    private static final double[] EXAMPLES = {0.0, 0.2, 1.0, 0.4, 0.2, 1.0, 0.2, 0.6, 1.0, 0.6, 0.6, 1.0};

    @Test
    void shouldFitPerChannelStatisticsByHand() {
        Standardisation s = Standardisation.fit(EXAMPLES, 2, 6, 3, true);

        // red: 0, .4, .2, .6 -> mean .3, population std sqrt(.05); green: .2,.2,.6,.6 -> .4, .2; blue constant
        assertThat(s.mean()).containsExactly(new double[] {0.3, 0.4, 1.0}, within(1e-12));
        assertThat(s.std()).containsExactly(new double[] {Math.sqrt(0.05), 0.2, Standardisation.MIN_STD}, within(1e-12));
        double[] v = EXAMPLES.clone();
        s.apply(v, 6, 6);
        assertThat(v[6]).isCloseTo((0.2 - 0.3) / Math.sqrt(0.05), within(1e-12));
        assertThat(v[8]).isZero(); // the constant channel is centred, not blown up
        assertThat(v[0]).isEqualTo(0.0); // outside the range: untouched
    }

    @Test
    void shouldFitPerFeatureStatisticsThatMakeEachFeatureZeroMeanUnitVariance() {
        Standardisation s = Standardisation.fit(EXAMPLES, 2, 6, 3, false);
        double[] v = EXAMPLES.clone();
        s.apply(v, 0, 6);
        s.apply(v, 6, 6);

        for (int f = 0; f < 6; f++) {
            if (f % 3 == 2) { // blue is constant
                assertThat(v[f]).isZero();
                continue;
            }
            assertThat(v[f] + v[6 + f]).isCloseTo(0.0, within(1e-12));
            assertThat(v[f] * v[f]).isCloseTo(1.0, within(1e-9));
        }
        assertThat(s.perChannel(6)).isFalse();
        assertThat(s.fits(6, 3)).isTrue();
        assertThat(s.fits(9, 3)).isFalse();
    }

    @Test
    void shouldRefuseStatisticsItCannotApply() {
        assertThatThrownBy(() -> new Standardisation(new double[] {0.5}, new double[] {0.0})).hasMessageContaining("std > 0");
        assertThatThrownBy(() -> new Standardisation(new double[] {Double.NaN}, new double[] {1})).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Standardisation(new double[] {1, 2}, new double[] {1})).hasMessageContaining("same non-zero length");
    }
}
