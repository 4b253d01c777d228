package io.catstream.model;

import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Where each array lies in the parameter section: W1, b1, ..., WL, bL one after another, each raw
 * little-endian float64 in C (row-major) order, no padding. Offsets are bytes from the section's start.
 */
record ParameterLayout(NetworkShape shape, List<Entry> entries) {

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

    static ParameterLayout of(NetworkShape shape) {
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (int l = 1; l <= shape.layers(); l++) {
            Entry w = new Entry("W" + l, shape.size(l), shape.size(l - 1), offset);
            offset += w.bytes();
            Entry b = new Entry("b" + l, shape.size(l), 1, offset);
            offset += b.bytes();
            entries.add(w);
            entries.add(b);
        }
        return new ParameterLayout(shape, entries);
    }

    /** Size of the section: 8 bytes per parameter. May exceed an int for absurd shapes; callers check. */
    long totalBytes() {
        return Double.BYTES * shape.parameterCount();
    }

    byte[] toBytes(Parameters parameters) {
        if (!parameters.shape().equals(shape)) {
            throw new IllegalArgumentException("parameters of shape " + parameters.shape() + " do not fit layout " + shape);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(totalBytes())).order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 1; l <= shape.layers(); l++) {
            out.asDoubleBuffer().put(parameters.weights(l).data, 0, parameters.weights(l).getNumElements());
            out.position(out.position() + Double.BYTES * parameters.weights(l).getNumElements());
            out.asDoubleBuffer().put(parameters.bias(l).data, 0, parameters.bias(l).getNumElements());
            out.position(out.position() + Double.BYTES * parameters.bias(l).getNumElements());
        }
        return out.array();
    }

    /** Reads the section that starts at {@code start} in {@code bytes}; the caller has checked it is all there. */
    Parameters read(byte[] bytes, int start) {
        Parameters p = Parameters.zeros(shape);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 1; l <= shape.layers(); l++) {
            readInto(in, start + (int) entries.get(2 * (l - 1)).offset(), p.weights(l));
            readInto(in, start + (int) entries.get(2 * (l - 1) + 1).offset(), p.bias(l));
        }
        return p;
    }

    private static void readInto(ByteBuffer in, int position, DMatrixRMaj target) {
        in.position(position);
        in.asDoubleBuffer().get(target.data, 0, target.getNumElements());
    }
}
