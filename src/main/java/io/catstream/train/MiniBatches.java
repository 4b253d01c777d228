package io.catstream.train;

import java.util.Random;

/** The order of one epoch (its mini-batches are read by {@link BatchReader}). */
final class MiniBatches {

    private MiniBatches() {
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher–Yates), drawn from {@code random}. */
    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
