package io.catstream.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.catstream.model.BacktestResult.Verdict;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backtest's statistics against an exact computation that shares none of their code: every binomial tail as a
 * sum of BigInteger binomial coefficients over 2ⁿ, in 40-digit decimals, and the verdict rule decided on those exact
 * values (p ≤ α compared as decimals, α = 0.05 exactly).
 */
class ExactMcNemarTest {

    private static final MathContext DIGITS = new MathContext(40);
    private static final BigDecimal ALPHA = new BigDecimal("0.05");

    /** Σ_{j ≤ k} C(n, j) for k = 0..n, exactly. */
    private static BigInteger[] cumulativeBinomials(int n) {
        BigInteger[] sums = new BigInteger[n + 1];
        BigInteger choose = BigInteger.ONE; // C(n, 0)
        BigInteger sum = BigInteger.ZERO;
        for (int k = 0; k <= n; k++) {
            sum = sum.add(choose);
            sums[k] = sum;
            choose = choose.multiply(BigInteger.valueOf(n - k)).divide(BigInteger.valueOf(k + 1L)); // C(n, k+1)
        }
        return sums;
    }

    /** P(X ≤ k) for k = 0..n, X ~ Bin(n, ½), to 40 digits. */
    private static BigDecimal[] exactLowerTails(int n) {
        return divideByTwoToThe(n, cumulativeBinomials(n));
    }

    /** P(X ≥ k) for k = 0..n, from the exact complement (2ⁿ − Σ_{j < k} C(n, j)), never 1 minus a rounded tail. */
    private static BigDecimal[] exactUpperTails(int n) {
        BigInteger[] below = cumulativeBinomials(n);
        BigInteger whole = BigInteger.TWO.pow(n);
        BigInteger[] upper = new BigInteger[n + 1];
        for (int k = 0; k <= n; k++) {
            upper[k] = k == 0 ? whole : whole.subtract(below[k - 1]);
        }
        return divideByTwoToThe(n, upper);
    }

    private static BigDecimal[] divideByTwoToThe(int n, BigInteger[] counts) {
        BigDecimal whole = new BigDecimal(BigInteger.TWO.pow(n));
        BigDecimal[] p = new BigDecimal[counts.length];
        for (int k = 0; k < counts.length; k++) {
            p[k] = new BigDecimal(counts[k]).divide(whole, DIGITS);
        }
        return p;
    }

    @Test
    void shouldMatchTheExactBinomialTailsToTwelveDigits() {
        for (int n : List.of(1, 2, 3, 7, 20, 44, 101, 1000, 5000)) {
            BigDecimal[] exact = exactLowerTails(n);
            BigDecimal[] exactUpper = exactUpperTails(n);
            for (int k = 0; k <= n; k++) {
                double expected = exact[k].doubleValue();
                double upper = exactUpper[k].doubleValue();
                assertThat(ExactMcNemar.atMost(k, n)).as("P(X <= %d | %d)", k, n)
                        .isCloseTo(expected, within(Math.max(1e-300, expected * 1e-11)));
                assertThat(ExactMcNemar.atLeast(k, n)).as("P(X >= %d | %d)", k, n)
                        .isCloseTo(upper, within(Math.max(1e-300, upper * 1e-11)));
            }
        }
    }

    @Test
    void shouldGiveTheVerdictTheExactTestGivesForEveryTableUpToSixtyDiscordantImagesAndAtAThousand() {
        for (int n = 0; n <= 1000; n = n < 60 ? n + 1 : n + 470) {
            BigDecimal[] exact = exactLowerTails(n);
            BigDecimal[] exactUpper = exactUpperTails(n);
            for (int wins = 0; wins <= n; wins++) {
                BigDecimal pWorse = exact[wins];
                BigDecimal pBetter = exactUpper[wins];
                Verdict expected = pWorse.compareTo(ALPHA) <= 0 ? Verdict.WORSE_CLEARLY
                        : pBetter.compareTo(ALPHA) <= 0 ? Verdict.BETTER : Verdict.NOT_WORSE;
                PairedCounts counts = new PairedCounts(7, n - wins, wins, 3); // concordant images must not matter

                Verdict actual = Verdict.of(ExactMcNemar.pWorse(counts), ExactMcNemar.pBetter(counts), 0.05);

                assertThat(actual).as("%d wins of %d discordant", wins, n).isEqualTo(expected);
            }
        }
    }

    @Test
    void shouldPutTheBoundaryOfTwentyDiscordantImagesWhereTheBinomialTableDoes() {
        // P(X <= 5 | 20) = 21700/1048576 = 0.0207 <= 0.05 < P(X <= 6 | 20) = 60460/1048576 = 0.0577
        assertThat(ExactMcNemar.atMost(5, 20)).isCloseTo(21700.0 / 1048576, within(1e-15));
        assertThat(ExactMcNemar.atMost(6, 20)).isCloseTo(60460.0 / 1048576, within(1e-15));
        assertThat(verdict(5, 20)).isEqualTo(Verdict.WORSE_CLEARLY);
        assertThat(verdict(6, 20)).isEqualTo(Verdict.NOT_WORSE);
        assertThat(verdict(14, 20)).isEqualTo(Verdict.NOT_WORSE);
        assertThat(verdict(15, 20)).isEqualTo(Verdict.BETTER);
    }

    @Test
    void shouldSayNotWorseWithoutAnyDiscordantImage() {
        PairedCounts identical = new PairedCounts(40, 0, 0, 4);

        assertThat(ExactMcNemar.pWorse(identical)).isEqualTo(1.0);
        assertThat(ExactMcNemar.pBetter(identical)).isEqualTo(1.0);
        assertThat(verdict(0, 0)).isEqualTo(Verdict.NOT_WORSE);
    }

    @Test
    void shouldStayInRangeFarInTheTailsOfALargeTable() {
        assertThat(ExactMcNemar.atMost(0, 2000)).isZero(); // 2^-2000 is below the smallest double
        assertThat(ExactMcNemar.atMost(1999, 2000)).isEqualTo(1.0);
        assertThat(ExactMcNemar.atMost(400_000, 1_000_000)).isBetween(0.0, 1e-300);
        // P(X <= n/2) = ½ + ½·C(n, n/2)/2ⁿ, and C(n, n/2)/2ⁿ = √(2/(πn))·(1 − 1/(4n) + …) = 7.9788436e-4 at n = 10⁶
        assertThat(ExactMcNemar.atMost(500_000, 1_000_000)).isCloseTo(0.5 + 0.5 * Math.sqrt(2 / (Math.PI * 1e6)) * (1 - 0.25e-6),
                within(1e-9));
        assertThatThrownBy(() -> ExactMcNemar.atLeast(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Verdict verdict(long wins, long discordant) {
        PairedCounts counts = new PairedCounts(0, discordant - wins, wins, 0);
        return Verdict.of(ExactMcNemar.pWorse(counts), ExactMcNemar.pBetter(counts), 0.05);
    }
}
