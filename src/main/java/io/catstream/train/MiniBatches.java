package io.catstream.train;

import io.catstream.nn.LabelledExamples;
import java.util.Random;

/** The order of one epoch and the copying of its mini-batches into one reused buffer. */
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

    /** Copies examples {@code order[from .. from+count)} into {@code x} (rows) and their labels into {@code y}. */
    static void gather(LabelledExamples data, int[] order, int from, int count, double[] x, double[] y) {
        int n = data.featureCount();
        double[] features = data.features().data;
        double[] labels = data.labels().data;
        for (int i = 0; i < count; i++) {
            int e = order[from + i];
            System.arraycopy(features, e * n, x, i * n, n);
            y[i] = labels[e];
        }
    }
}
