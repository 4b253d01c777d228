package io.catstream.train;

import io.catstream.nn.LabelledExamples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;

/**
 * The article's seeded train/test split: examples shuffled with {@code java.util.Random(seed)} (its
 * algorithm is fixed by the Java specification, so the split is the same on every JVM), the first
 * {@code round(m·testFraction)} go to the test set.
 */
public record Split(LabelledExamples train, LabelledExamples test, int[] trainIndices, int[] testIndices) {

    public static Split of(LabelledExamples all, double testFraction, long seed) {
        Indices split = indices(all.size(), testFraction, seed);
        return new Split(select(all, split.train()), select(all, split.test()), split.train(), split.test());
    }

    /** Which of {@code size} examples train and which test, ascending: the split without any features. */
    public record Indices(int[] train, int[] test) {
    }

    public static Indices indices(int size, double testFraction, long seed) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        int testCount = (int) Math.round(size * testFraction);
        if (size - testCount < 1) {
            throw new IllegalArgumentException("a split of " + size + " examples with test fraction " + testFraction
                    + " leaves nothing to train on");
        }
        int[] test = order.subList(0, testCount).stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] train = order.subList(testCount, order.size()).stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Indices(train, test);
    }

    /** The examples at the given row indices, in that order. */
    public static LabelledExamples select(LabelledExamples all, int[] indices) {
        int n = all.featureCount();
        DMatrixRMaj x = new DMatrixRMaj(indices.length, n);
        DMatrixRMaj y = new DMatrixRMaj(1, indices.length);
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(all.features().data, indices[i] * n, x.data, i * n, n);
            y.data[i] = all.labels().data[indices[i]];
        }
        return new LabelledExamples(x, y);
    }
}
