package io.catstream.nn.layered;

/**
 * One layer of a network as the command line and the model file describe it. Tokens: {@code conv16} (3×3
 * convolution with 16 filters, stride 1, zero padding 1, then ReLU), {@code pool} (2×2 max-pooling, stride 2),
 * {@code gap} (global average pooling: the mean of each channel over all positions), {@code drop50} (dropout
 * of 50 % of the values while training, nothing when scoring), {@code dense64} (fully connected, ReLU; the last
 * layer is {@code dense1} with a sigmoid). {@code convbn16} and {@code densebn64} put batch normalisation between
 * the linear part and the ReLU; they exist only while training: a model file stores them folded into plain
 * {@code conv}/{@code dense} layers ({@link LayeredNetwork#folded()}).
 */
public sealed interface LayerSpec {

    /** The token this layer is written as: {@code conv16}, {@code pool}, {@code gap}, {@code drop50}, {@code dense64}. */
    String token();

    /** Shape of this layer's output for an input of {@code in}; fails with a reason when the layer cannot apply. */
    TensorShape outputShape(TensorShape in);

    /** Whether the layer has a W and b (convolution, dense) and so takes a number in W1, b1, W2, b2, .... */
    default boolean hasParameters() {
        return this instanceof Conv || this instanceof Dense;
    }

    /** Whether batch normalisation follows the layer's linear part ({@code convbnN}, {@code densebnN}). */
    default boolean isNormalised() {
        return this instanceof Conv conv && conv.normalised() || this instanceof Dense dense && dense.normalised();
    }

    /** Whether the layer needs rows and columns (convolution, pooling): it cannot follow a dense layer, which flattens. */
    default boolean isSpatial() {
        return this instanceof Conv || this instanceof MaxPool || this instanceof GlobalAveragePool;
    }

    /**
     * 3×3 convolution, stride 1, zero padding 1 (keeps height and width), then ReLU; {@code normalised}: batch
     * normalisation per channel between the convolution and the ReLU ({@code convbnN}).
     */
    record Conv(int filters, boolean normalised) implements LayerSpec {
        public static final int KERNEL = 3;

        public Conv {
            if (filters < 1) {
                throw new IllegalArgumentException("a convolution needs at least one filter, got " + filters);
            }
        }

        public Conv(int filters) {
            this(filters, false);
        }

        @Override
        public String token() {
            return (normalised ? "convbn" : "conv") + filters;
        }

        @Override
        public TensorShape outputShape(TensorShape in) {
            return new TensorShape(in.height(), in.width(), filters);
        }
    }

    /** 2×2 max-pooling with stride 2; an odd last row or column is dropped (floor), as in NumPy's reshape trick. */
    record MaxPool() implements LayerSpec {
        @Override
        public String token() {
            return "pool";
        }

        @Override
        public TensorShape outputShape(TensorShape in) {
            if (in.height() < 2 || in.width() < 2) {
                throw new IllegalArgumentException("cannot max-pool a " + in + " input: it needs at least 2×2");
            }
            return new TensorShape(in.height() / 2, in.width() / 2, in.channels());
        }
    }

    /**
     * Global average pooling: H×W×C → 1×1×C, each channel's mean over the H·W positions. No parameters; in front
     * of the dense layers it replaces the flattened H·W·C inputs by C, so the first dense layer shrinks by H·W.
     */
    record GlobalAveragePool() implements LayerSpec {
        @Override
        public String token() {
            return "gap";
        }

        @Override
        public TensorShape outputShape(TensorShape in) {
            return TensorShape.vector(in.channels());
        }
    }

    /**
     * Inverted dropout of {@code percent} % of the values: while training each value is zeroed with probability
     * {@code p = percent / 100} and the kept ones are scaled by {@code 1 / (1 − p)}, so that the next layer sees
     * the same expected input as when scoring, where the layer passes its input through unchanged.
     */
    record Dropout(int percent) implements LayerSpec {
        public Dropout {
            if (percent < 1 || percent > 99) {
                throw new IllegalArgumentException("dropout drops 1 to 99 % of the values (drop1 … drop99), got drop" + percent);
            }
        }

        /** The probability that a value is dropped while training. */
        public double probability() {
            return percent / 100.0;
        }

        @Override
        public String token() {
            return "drop" + percent;
        }

        @Override
        public TensorShape outputShape(TensorShape in) {
            return in;
        }
    }

    /**
     * Fully connected: ReLU, except the network's last layer, which is one sigmoid unit. Flattens its input (H, W, C
     * order). {@code normalised}: batch normalisation per unit between the product and the ReLU ({@code densebnN}).
     */
    record Dense(int units, boolean normalised) implements LayerSpec {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("a dense layer needs at least one unit, got " + units);
            }
        }

        public Dense(int units) {
            this(units, false);
        }

        @Override
        public String token() {
            return (normalised ? "densebn" : "dense") + units;
        }

        @Override
        public TensorShape outputShape(TensorShape in) {
            return new TensorShape(1, 1, units);
        }
    }

    /** Parses one token; see the interface's documentation for the vocabulary. */
    static LayerSpec parse(String token) {
        String t = token.trim();
        try {
            if (t.equals("pool")) {
                return new MaxPool();
            }
            if (t.equals("gap")) {
                return new GlobalAveragePool();
            }
            if (t.startsWith("convbn")) {
                return new Conv(Integer.parseInt(t.substring(6)), true);
            }
            if (t.startsWith("conv")) {
                return new Conv(Integer.parseInt(t.substring(4)));
            }
            if (t.startsWith("drop")) {
                return new Dropout(Integer.parseInt(t.substring(4)));
            }
            if (t.startsWith("densebn")) {
                return new Dense(Integer.parseInt(t.substring(7)), true);
            }
            if (t.startsWith("dense")) {
                return new Dense(Integer.parseInt(t.substring(5)));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("unknown layer '" + t + "': expected convN, pool, gap, dropN or denseN, or while training convbnN and densebnN (e.g. conv16, drop50, dense64, convbn16)");
    }
}
