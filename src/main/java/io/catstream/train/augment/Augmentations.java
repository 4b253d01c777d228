package io.catstream.train.augment;

import io.catstream.nn.net.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/** The augmentations of a recipe, applied in order to every example of a mini-batch; empty = none. */
public record Augmentations(List<Augmentation> steps) {

    public static final Augmentations NONE = new Augmentations(List.of());

    public Augmentations {
        steps = List.copyOf(steps);
    }

    /**
     * {@code none}, or a comma-separated list of {@code flip} (p = 0.5), {@code shift:K} (up to K pixels, zero
     * padding) and {@code shift:K:edge} (edge padding), e.g. {@code flip,shift:4}.
     */
    public static Augmentations parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.isEmpty()) {
            return NONE;
        }
        List<Augmentation> steps = new ArrayList<>();
        for (String token : t.split(",")) {
            steps.add(parseOne(token.trim()));
        }
        return new Augmentations(steps);
    }

    private static Augmentation parseOne(String token) {
        if (token.equals("flip")) {
            return new HorizontalFlip(0.5);
        }
        String[] parts = token.split(":");
        if (parts[0].equals("shift") && (parts.length == 2 || parts.length == 3 && List.of("zero", "edge").contains(parts[2]))) {
            try {
                RandomShift.Padding padding = parts.length == 3 && parts[2].equals("edge")
                        ? RandomShift.Padding.EDGE : RandomShift.Padding.ZERO;
                return new RandomShift(Integer.parseInt(parts[1]), padding);
            } catch (IllegalArgumentException e) {
                // a bad number falls through to the message below
            }
        }
        throw new IllegalArgumentException("unknown augmentation '" + token
                + "': expected none or a list of flip, shift:K, shift:K:edge (e.g. flip,shift:4)");
    }

    /** Augments {@code count} examples of {@code shape} stored one after another in {@code examples}. */
    public void apply(double[] examples, int count, TensorShape shape, Random random) {
        int size = Math.toIntExact(shape.size());
        for (int e = 0; e < count; e++) {
            for (Augmentation step : steps) {
                step.apply(examples, e * size, shape, random);
            }
        }
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The text {@link #parse} reads back. */
    public String token() {
        return steps.isEmpty() ? "none" : steps.stream().map(Augmentation::token).collect(Collectors.joining(","));
    }
}
