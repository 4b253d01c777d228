package io.catstream.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Layer sizes of a fully connected network, input first: {@code [n_x, n_1, ..., n_L]}.
 * The article's default is {@code [49152, 20, 7, 5, 1]}: 128×128 RGB in, one sigmoid unit out.
 */
public record NetworkShape(int[] dims) {

    public static final NetworkShape ARTICLE = new NetworkShape(new int[] {49152, 20, 7, 5, 1});

    public NetworkShape {
        if (dims == null || dims.length < 2) {
            throw new IllegalArgumentException("a network needs at least two layer sizes (input and output), got "
                    + (dims == null ? "none" : Arrays.toString(dims)));
        }
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("layer sizes must be positive, got " + Arrays.toString(dims));
            }
        }
        if (dims[dims.length - 1] != 1) {
            throw new IllegalArgumentException("the output layer of a binary classifier has one unit, got "
                    + Arrays.toString(dims));
        }
        dims = dims.clone();
    }

    /** Parses {@code "49152,20,7,5,1"}. */
    public static NetworkShape parse(String text) {
        try {
            return new NetworkShape(Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("layer sizes must be comma-separated integers such as 49152,20,7,5,1, got '"
                    + text + "'", e);
        }
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Number of weight layers L (the input layer is not counted). */
    public int layers() {
        return dims.length - 1;
    }

    /** Size of layer {@code l}; {@code size(0)} is the input size n_x. */
    public int size(int l) {
        return dims[l];
    }

    public int inputSize() {
        return dims[0];
    }

    /** Total number of weights and biases. */
    public long parameterCount() {
        long count = 0;
        for (int l = 1; l < dims.length; l++) {
            count += (long) dims[l] * dims[l - 1] + dims[l];
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkShape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
