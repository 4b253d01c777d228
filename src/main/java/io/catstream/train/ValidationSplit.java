package io.catstream.train;

import io.catstream.nn.LabelledExamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A validation set carved from the training data, for early stopping and for choosing hyperparameters (never
 * the test set or the holdout). Stratified: each class gives {@code round(n_class · fraction)} of its examples,
 * chosen by a seeded shuffle of that class, so both sets keep the data's share of cats.
 */
public record ValidationSplit(LabelledExamples train, LabelledExamples validation, int[] trainIndices,
                              int[] validationIndices) {

    public static ValidationSplit carve(LabelledExamples all, double fraction, long seed) {
        Split.Indices carved = indices(Arrays.copyOf(all.labels().data, all.size()), fraction, seed);
        return new ValidationSplit(Split.select(all, carved.train()), Split.select(all, carved.test()), carved.train(),
                carved.test());
    }

    /**
     * Which examples train ({@code train()}) and which validate ({@code test()}), ascending, from the labels alone,
     * so a streamed data set is carved exactly as an in-memory one.
     */
    public static Split.Indices indices(double[] labels, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (double label : new double[] {1, 0}) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == label) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            int held = (int) Math.round(members.size() * fraction);
            validation.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("a validation fraction of " + fraction + " leaves none of the "
                    + labels.length + " examples to train on");
        }
        return new Split.Indices(sorted(train), sorted(validation));
    }

    private static int[] sorted(List<Integer> indices) {
        int[] a = indices.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
