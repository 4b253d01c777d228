package io.catstream.nn.layered;

/**
 * Where the dropout masks of one training batch come from: the network's seed and the batch's number (the
 * count of earlier {@code costAndGradients} calls). The mask of one example in one layer is a function of
 * (seed, batch, layer, example) alone, never of which chunk or thread ran the example, so a batch's gradient
 * stays the same to the last bit on any number of threads, and a run is reproducible from its seed.
 */
record DropoutBatch(long networkSeed, long batch) {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** The seed of the mask of example {@code example} (index in the batch) in layer {@code layer} (0-based position). */
    long seed(int example, int layer) {
        long h = mix64(networkSeed + GOLDEN_GAMMA);
        h = mix64(h ^ batch);
        return mix64(h ^ ((long) layer << 32 | (example & 0xFFFFFFFFL)));
    }

    /**
     * {@code mask[i] = 0} with probability {@code probability}, else {@code 1 / (1 − probability)}: the i-th draw
     * of splitmix64 from {@code seed}, {@code u = (next >>> 11)·2⁻⁵³}, drops when {@code u < probability}.
     */
    static void fill(double[] mask, double probability, long seed) {
        double kept = 1.0 / (1.0 - probability);
        long state = seed;
        for (int i = 0; i < mask.length; i++) {
            state += GOLDEN_GAMMA;
            double u = (mix64(state) >>> 11) * 0x1.0p-53;
            mask[i] = u < probability ? 0.0 : kept;
        }
    }

    /** splitmix64's finaliser (Steele, Lea, Flood 2014): a cheap bijection whose output bits all depend on every input bit. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
