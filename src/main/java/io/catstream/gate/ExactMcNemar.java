package io.catstream.gate;

/**
 * McNemar's exact test on a fixed set of paired outcomes (the backtest's, not the gate's sequential one): under "the
 * two models are equally good" the challenger wins each of the n discordant images with probability ½, so its wins
 * are X ~ Binomial(n, ½) and the one-sided p-values are binomial tails:
 * <pre>
 *   p(worse)  = P(X ≤ w) = Σ_{k=0..w} C(n, k) / 2ⁿ        (w = challenger wins, n = discordant images)
 *   p(better) = P(X ≥ w) = P(X ≤ n − w)                   (by symmetry)
 * </pre>
 * Computed in double precision: the last term C(n, w)/2ⁿ from a sum of logarithms, the others by the ratio
 * C(n, k−1)/C(n, k) = k/(n − k + 1); a tail above ½ as 1 minus the other. The error grows with the number of
 * logarithms summed, about 1e-12 relative at thousands of images (checked against exact BigInteger sums in
 * {@code ExactMcNemarTest}); a tail below ~1e-308 is 0.
 */
public final class ExactMcNemar {

    private static final double LN2 = Math.log(2);

    private ExactMcNemar() {
    }

    /** p(worse): the chance of at most {@code challengerWins} wins out of {@code discordant} if the models are equal. */
    public static double pWorse(PairedCounts counts) {
        return atMost(counts.challengerOnly(), counts.discordant());
    }

    /** p(better): the chance of at least {@code challengerWins} wins out of {@code discordant} if the models are equal. */
    public static double pBetter(PairedCounts counts) {
        return atLeast(counts.challengerOnly(), counts.discordant());
    }

    /** P(X ≥ k), X ~ Binomial(n, ½). */
    public static double atLeast(long k, long n) {
        requireCounts(k, n);
        return atMost(n - k, n);
    }

    /** P(X ≤ k), X ~ Binomial(n, ½); 1 when k ≥ n (n = 0 included), 0 when k < 0. */
    public static double atMost(long k, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("invalid number of discordant images " + n + ": must be >= 0");
        }
        if (k < 0) {
            return 0;
        }
        if (k >= n) {
            return 1;
        }
        if (2 * k >= n) {
            // the upper side: 1 − P(X ≥ k + 1) = 1 − P(X ≤ n − k − 1), whose tail is the short one
            return Math.max(0, 1 - lowerTail(n - k - 1, n));
        }
        return lowerTail(k, n);
    }

    /** Σ_{j=0..k} C(n, j)/2ⁿ for 2k < n: the largest term first, then each smaller one by its ratio to the next. */
    private static double lowerTail(long k, long n) {
        if (k < 0) {
            return 0;
        }
        // ln(C(n, k) / 2ⁿ) = Σ_{i=1..k} ln((n − k + i) / i) − n·ln 2, summed with Neumaier's compensation: the sum
        // reaches n·ln 2 (693,147 at a million images), where plain addition loses ~1e-5 of the result
        double logLast = -n * LN2;
        double compensation = 0;
        for (long i = 1; i <= k; i++) {
            double term = Math.log((double) (n - k + i) / i);
            double next = logLast + term;
            compensation += Math.abs(logLast) >= Math.abs(term) ? (logLast - next) + term : (term - next) + logLast;
            logLast = next;
        }
        logLast += compensation;
        double sum = 1;
        double term = 1;
        for (long j = k; j >= 1; j--) {
            term *= (double) j / (n - j + 1); // C(n, j−1) / C(n, j)
            sum += term;
            if (term < sum * 1e-17) {
                break; // the terms shrink at least geometrically below the centre: the rest cannot show in a double
            }
        }
        return Math.min(1, Math.exp(logLast) * sum);
    }

    private static void requireCounts(long k, long n) {
        if (n < 0 || k < 0 || k > n) {
            throw new IllegalArgumentException("invalid counts: " + k + " wins of " + n + " discordant images (0 <= wins <= n)");
        }
    }
}
