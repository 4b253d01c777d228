package io.catstream.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The cost of every iteration, before its update (as the article records it). */
public final class CostLog {

    private double[] costs;
    private int size;

    public CostLog(int expectedIterations) {
        costs = new double[Math.max(1, expectedIterations)];
    }

    public void add(double cost) {
        if (size == costs.length) {
            costs = Arrays.copyOf(costs, size * 2);
        }
        costs[size++] = cost;
    }

    public int size() {
        return size;
    }

    public double get(int iteration) {
        return costs[iteration];
    }

    public double first() {
        return costs[0];
    }

    public double last() {
        return costs[size - 1];
    }

    public double[] toArray() {
        return Arrays.copyOf(costs, size);
    }

    /** One {@code iteration,cost} row per iteration, full precision, with a header line. */
    public void writeCsv(Path file) {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("iteration,cost\n");
            for (int i = 0; i < size; i++) {
                out.write(String.format(Locale.ROOT, "%d,%.17g%n", i, costs[i]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cost log " + file + ": " + e.getMessage(), e);
        }
    }
}
