package io.catstream.train.augment;

import io.catstream.nn.layered.TensorShape;
import java.math.BigDecimal;
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

    private static final String FORMS = "flip, shift:K, shift:K:edge, jitter:B,C, zoom:Z (e.g. flip,shift:4,jitter:0.2,0.2,zoom:0.2)";

    /**
     * {@code none}, or a comma-separated list of {@code flip} (p = 0.5), {@code shift:K} (up to K pixels, zero
     * padding), {@code shift:K:edge} (edge padding), {@code jitter:B,C} (brightness ±B, contrast ×(1 ± C)) and
     * {@code zoom:Z} (scale up by 1 to 1 + Z), e.g. {@code flip,shift:4,jitter:0.2,0.2,zoom:0.2}. A piece that
     * starts with a digit continues the previous step's arguments, which is how jitter's two numbers survive the
     * list's commas.
     */
    public static Augmentations parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.isEmpty()) {
            return NONE;
        }
        List<String> tokens = new ArrayList<>();
        for (String piece : t.split(",", -1)) {
            String p = piece.trim();
            if (!tokens.isEmpty() && !p.isEmpty() && (Character.isDigit(p.charAt(0)) || p.charAt(0) == '.')) {
                tokens.set(tokens.size() - 1, tokens.get(tokens.size() - 1) + "," + p);
            } else {
                tokens.add(p);
            }
        }
        List<Augmentation> steps = new ArrayList<>();
        for (String token : tokens) {
            steps.add(parseOne(token));
        }
        return new Augmentations(steps);
    }

    private static Augmentation parseOne(String token) {
        if (token.equals("flip")) {
            return new HorizontalFlip(0.5);
        }
        String[] parts = token.split(":");
        try {
            if (parts[0].equals("jitter") && parts.length == 2 && parts[1].split(",").length == 2) {
                String[] values = parts[1].split(",");
                return new ColourJitter(Double.parseDouble(values[0]), Double.parseDouble(values[1]));
            }
            if (parts[0].equals("zoom") && parts.length == 2) {
                return new RandomZoom(Double.parseDouble(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad augmentation '" + token + "': " + e.getMessage()
                    + "; expected none or a list of " + FORMS, e);
        }
        if (parts[0].equals("shift") && (parts.length == 2 || parts.length == 3 && List.of("zero", "edge").contains(parts[2]))) {
            try {
                RandomShift.Padding padding = parts.length == 3 && parts[2].equals("edge")
                        ? RandomShift.Padding.EDGE : RandomShift.Padding.ZERO;
                return new RandomShift(Integer.parseInt(parts[1]), padding);
            } catch (IllegalArgumentException e) {
                // a bad number falls through to the message below
            }
        }
        throw new IllegalArgumentException("unknown augmentation '" + token + "': expected none or a list of " + FORMS);
    }

    /** The example at {@code offset} as a fresh array: the untouched source of a step that moves pixels. */
    static double[] copyOfExample(double[] examples, int offset, TensorShape shape) {
        double[] copy = new double[Math.toIntExact(shape.size())];
        System.arraycopy(examples, offset, copy, 0, copy.length);
        return copy;
    }

    /** A number as short as it reads back exactly: 0.2, not 0.20000000000000001 or 2.0E-1. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
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
