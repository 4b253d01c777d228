package io.catstream.numpy;

/**
 * NumPy's legacy {@code np.random.RandomState(seed)}: MT19937 seeded with {@code init_genrand},
 * 53-bit doubles and the polar Box–Muller {@code randn} that caches its second value.
 *
 * <p>Why: the article initialises with {@code np.random.seed(1)}; reproducing the same stream lets
 * {@code catstream train --seed 1} start from the very weights the NumPy code starts from (equal up to
 * the last bit of {@code log}, which Java and glibc may round differently).
 */
public final class NumpyRandom {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index;
    private boolean hasGauss;
    private double gauss;

    public NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1 (as in NumPy), got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            // mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] >> 30)) + i, in uint32 arithmetic
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next raw 32-bit output, as an unsigned value in a long. */
    public long nextUnsignedInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFF_FFFFL;
    }

    /** A double in [0, 1) with 53 random bits, as NumPy's {@code legacy_double}. */
    public double nextDouble() {
        long a = nextUnsignedInt() >>> 5;
        long b = nextUnsignedInt() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A standard normal sample, as NumPy's {@code legacy_gauss}. */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code randn(count)} in C order. */
    public double[] gaussians(int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = nextGaussian();
        }
        return out;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7fff_ffff);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908b0df;
            }
            mt[i] = next;
        }
        index = 0;
    }
}
