package io.catstream.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One line per epoch of a mini-batch run: the curves the recipe trainer writes as CSV and draws as PNG. */
public final class EpochLog {

    /**
     * @param epoch              1-based
     * @param learningRate       the rate every step of this epoch used
     * @param trainCost          mean cost of the epoch's mini-batches (augmented examples, L2 term included)
     * @param trainAccuracy      on the un-augmented training examples, after the epoch
     * @param validationCost     cross-entropy on the validation examples (NaN without validation)
     * @param validationAccuracy on the validation examples (NaN without validation)
     * @param seconds            wall time of the epoch, evaluation included
     */
    public record Epoch(int epoch, double learningRate, double trainCost, double trainAccuracy, double validationCost,
                        double validationAccuracy, double seconds) {
    }

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch epoch) {
        epochs.add(epoch);
    }

    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    public int size() {
        return epochs.size();
    }

    /** The line of a 1-based epoch. */
    public Epoch get(int epoch) {
        return epochs.get(epoch - 1);
    }

    /** A header and one row per epoch, full precision; no validation leaves its columns empty. */
    public void writeCsv(Path file) {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("epoch,learning_rate,train_cost,train_accuracy,validation_cost,validation_accuracy,seconds\n");
            for (Epoch e : epochs) {
                out.write(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%.3f%n", e.epoch(), number(e.learningRate()),
                        number(e.trainCost()), number(e.trainAccuracy()), number(e.validationCost()),
                        number(e.validationAccuracy()), e.seconds()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write epoch log " + file + ": " + e.getMessage(), e);
        }
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.17g", v);
    }
}
