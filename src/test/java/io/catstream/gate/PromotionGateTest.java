package io.catstream.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromotionGateTest {

    private static final GateSettings NO_MINIMUM = GateSettings.DEFAULTS.withLabelledRange(0, 20_000);

    /** ln of the exact binomial likelihood ratio p₁^w (1 − p₁)^l / ½^(w+l), in decimal arithmetic. */
    private static double exactLogLikelihoodRatio(double p1, int wins, int losses) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal p = new BigDecimal(Double.toString(p1));
        BigDecimal numerator = p.pow(wins, mc).multiply(BigDecimal.ONE.subtract(p).pow(losses, mc), mc);
        BigDecimal denominator = new BigDecimal("0.5").pow(wins + losses, mc);
        BigDecimal ratio = numerator.divide(denominator, mc);
        // ln of a BigDecimal: split off the power of ten so the double logarithm keeps full precision
        int scale = ratio.precision() - ratio.scale() - 1;
        return Math.log(ratio.movePointLeft(scale).doubleValue()) + scale * Math.log(10);
    }

    @ParameterizedTest
    @CsvSource({"0.55, 0, 0", "0.55, 17, 3", "0.55, 3, 17", "0.6, 120, 80", "0.55, 900, 700", "0.7, 1, 0"})
    void shouldComputeTheStatisticAsTheExactBinomialLikelihoodRatio(double p1, int wins, int losses) {
        PromotionGate gate = new PromotionGate(NO_MINIMUM.withDesignWinShare(p1));
        PairedCounts counts = new PairedCounts(1234, losses, wins, 56); // concordant images carry no evidence

        assertThat(gate.logLikelihoodRatio(counts)).isCloseTo(exactLogLikelihoodRatio(p1, wins, losses), within(1e-9));
    }

    @Test
    void shouldPromoteExactlyWhenTheLikelihoodRatioReachesOneOverAlpha() {
        // p₁ = 0.6, α = 0.05: with no losses, 1.2^w >= 20 first at w = 17 (1.2^16 = 18.49, 1.2^17 = 22.19)
        PromotionGate gate = new PromotionGate(NO_MINIMUM.withDesignWinShare(0.6));
        assertThat(new BigDecimal("1.2").pow(16).doubleValue()).isLessThan(20);
        assertThat(new BigDecimal("1.2").pow(17).doubleValue()).isGreaterThanOrEqualTo(20);

        assertThat(gate.verdict(new PairedCounts(0, 0, 16, 0), Duration.ZERO).decision()).isEqualTo(GateVerdict.Decision.CONTINUE);
        GateVerdict promoted = gate.verdict(new PairedCounts(0, 0, 17, 0), Duration.ZERO);
        assertThat(promoted.decision()).isEqualTo(GateVerdict.Decision.PROMOTE);
        assertThat(promoted.promoteAt()).isCloseTo(Math.log(20), within(1e-12));
        assertThat(promoted.reason()).contains("won 17 and lost 0 of 17 discordant");
    }

    @Test
    void shouldRejectExactlyWhenTheLikelihoodRatioFallsToBeta() {
        // p₁ = 0.6, β = 0.2: with no wins, 0.8^l <= 0.2 first at l = 8 (0.8^7 = 0.2097, 0.8^8 = 0.1678)
        PromotionGate gate = new PromotionGate(NO_MINIMUM.withDesignWinShare(0.6));

        assertThat(gate.verdict(new PairedCounts(0, 7, 0, 0), Duration.ZERO).decision()).isEqualTo(GateVerdict.Decision.CONTINUE);
        GateVerdict rejected = gate.verdict(new PairedCounts(0, 8, 0, 0), Duration.ZERO);
        assertThat(rejected.decision()).isEqualTo(GateVerdict.Decision.REJECT);
        assertThat(rejected.reason()).contains("not better");
    }

    @Test
    void shouldDecideNothingBeforeTheMinimumOfLabelledImages() {
        PromotionGate gate = new PromotionGate(GateSettings.DEFAULTS.withLabelledRange(200, 20_000));

        GateVerdict early = gate.verdict(new PairedCounts(0, 0, 199, 0), Duration.ofDays(30));

        assertThat(early.decision()).isEqualTo(GateVerdict.Decision.CONTINUE);
        assertThat(early.reason()).contains("199 of the 200");
        assertThat(gate.verdict(new PairedCounts(0, 0, 200, 0), Duration.ZERO).decision()).isEqualTo(GateVerdict.Decision.PROMOTE);
    }

    @Test
    void shouldKeepTheChampionWhenTheTrialRunsOutOfImagesOrTime() {
        GateSettings settings = new GateSettings(0.05, 0.2, 0.55, 10, 1000, Duration.ofHours(1));
        PromotionGate gate = new PromotionGate(settings);
        PairedCounts undecided = new PairedCounts(979, 10, 10, 0); // 999 images, Λ = 10·ln(1.1) + 10·ln(0.9) ≈ −0.05

        assertThat(gate.verdict(undecided, Duration.ofMinutes(59)).decision()).isEqualTo(GateVerdict.Decision.CONTINUE);
        assertThat(gate.verdict(undecided.add(true, true), Duration.ZERO).reason()).contains("1000 labelled images");
        assertThat(gate.verdict(undecided.add(true, true), Duration.ZERO).decision()).isEqualTo(GateVerdict.Decision.REJECT);
        assertThat(gate.verdict(undecided, Duration.ofHours(1)).decision()).isEqualTo(GateVerdict.Decision.REJECT);
    }

    @Test
    void shouldRefuseSettingsThatPromiseNothing() {
        assertThatThrownBy(() -> new GateSettings(0.6, 0.2, 0.55, 0, 10, Duration.ofHours(1)))
                .hasMessageContaining("false promotion rate");
        assertThatThrownBy(() -> GateSettings.DEFAULTS.withDesignWinShare(0.5)).hasMessageContaining("design win share");
        assertThatThrownBy(() -> GateSettings.DEFAULTS.withLabelledRange(100, 100)).hasMessageContaining("minimum");
    }
}
