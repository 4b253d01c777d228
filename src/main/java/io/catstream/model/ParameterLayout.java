package io.catstream.model;

import io.catstream.nn.NetworkShape;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.ParamSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each array lies in the parameter section: the arrays of {@link Architecture#parameters()} (W1, b1, ...,
 * WL, bL) one after another, each raw little-endian float64 in C (row-major) order, no padding. Offsets are bytes
 * from the section's start.
 */
record ParameterLayout(List<Entry> entries) {

    /** One array: {@code rows × cols} float64 values starting {@code offset} bytes into the section. */
    record Entry(String name, int rows, int cols, long offset) {
        long count() {
            return (long) rows * cols;
        }

        long bytes() {
            return Double.BYTES * count();
        }
    }

    ParameterLayout {
        entries = List.copyOf(entries);
    }

    static ParameterLayout of(Architecture architecture) {
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (ParamSpec spec : architecture.parameters()) {
            Entry e = new Entry(spec.name(), spec.rows(), spec.cols(), offset);
            offset += e.bytes();
            entries.add(e);
        }
        return new ParameterLayout(entries);
    }

    /** The article's layout: W_l is n_l × n_{l-1}, b_l is n_l × 1. */
    static ParameterLayout of(NetworkShape shape) {
        return of(Architecture.dense(shape));
    }

    /** Size of the section: 8 bytes per parameter. May exceed an int for absurd shapes; callers check. */
    long totalBytes() {
        return entries.stream().mapToLong(Entry::bytes).sum();
    }

    byte[] toBytes(List<double[]> arrays) {
        if (arrays.size() != entries.size()) {
            throw new IllegalArgumentException(arrays.size() + " arrays do not fit a layout of " + entries.size());
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(totalBytes())).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < entries.size(); i++) {
            int count = Math.toIntExact(entries.get(i).count());
            out.asDoubleBuffer().put(arrays.get(i), 0, count);
            out.position(out.position() + Double.BYTES * count);
        }
        return out.array();
    }

    /** Reads each array of the section that starts at {@code start} into {@code targets}; the caller checked sizes. */
    void read(byte[] bytes, int start, List<double[]> targets) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < entries.size(); i++) {
            in.position(start + (int) entries.get(i).offset());
            in.asDoubleBuffer().get(targets.get(i), 0, Math.toIntExact(entries.get(i).count()));
        }
    }
}
