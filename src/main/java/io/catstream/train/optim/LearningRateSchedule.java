package io.catstream.train.optim;

import java.util.Locale;

/**
 * The learning rate of each epoch, from the base rate: constant, step decay or cosine annealing. Changed once
 * per epoch (not per batch), so the rate in the epoch log is the one every step of that epoch used.
 */
public sealed interface LearningRateSchedule {

    /** The rate for {@code epoch} (0-based) of a run of {@code epochs} epochs. */
    double rate(double base, int epoch, int epochs);

    /** The text {@link #parse} reads back. */
    String token();

    /** The base rate throughout. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double rate(double base, int epoch, int epochs) {
            return base;
        }

        @Override
        public String token() {
            return "constant";
        }
    }

    /** {@code base · factor^⌊epoch / every⌋}: e.g. halve every 10 epochs. */
    record StepDecay(int every, double factor) implements LearningRateSchedule {
        public StepDecay {
            if (every < 1 || !(factor > 0 && factor <= 1)) {
                throw new IllegalArgumentException("step decay needs every ≥ 1 epochs and a factor in (0, 1], got "
                        + every + " and " + factor);
            }
        }

        @Override
        public double rate(double base, int epoch, int epochs) {
            return base * Math.pow(factor, epoch / every);
        }

        @Override
        public String token() {
            return String.format(Locale.ROOT, "step:%d:%s", every, factor);
        }
    }

    /** {@code base · (1 + cos(π·epoch/epochs)) / 2}: from the base rate at epoch 0 down towards 0 at the end. */
    record Cosine() implements LearningRateSchedule {
        @Override
        public double rate(double base, int epoch, int epochs) {
            return base * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
        }

        @Override
        public String token() {
            return "cosine";
        }
    }

    /** {@code constant}, {@code step:EVERY:FACTOR} (e.g. {@code step:10:0.5}) or {@code cosine}. */
    static LearningRateSchedule parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("constant")) {
            return new Constant();
        }
        if (t.equals("cosine")) {
            return new Cosine();
        }
        String[] parts = t.split(":");
        if (parts.length == 3 && parts[0].equals("step")) {
            try {
                return new StepDecay(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + text
                + "': expected constant, cosine or step:EVERY:FACTOR (e.g. step:10:0.5)");
    }
}
