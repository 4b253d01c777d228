package io.catstream.nn.net;

/**
 * One layer of a network as the command line and the model file describe it. Tokens: {@code conv16} (3×3
 * convolution with 16 filters, stride 1, zero padding 1, then ReLU), {@code pool} (2×2 max-pooling, stride 2),
 * {@code dense64} (fully connected, ReLU; the last layer is {@code dense1} with a sigmoid).
 */
public sealed interface LayerSpec {

    /** The token this layer is written as: {@code conv16}, {@code pool}, {@code dense64}. */
    String token();

    /** Shape of this layer's output for an input of {@code in}; fails with a reason when the layer cannot apply. */
    TensorShape outputShape(TensorShape in);

    /** 3×3 convolution, stride 1, zero padding 1 (keeps height and width), then ReLU. */
    record Conv(int filters) implements LayerSpec {
        public static final int KERNEL = 3;

        public Conv {
            if (filters < 1) {
                throw new IllegalArgumentException("a convolution needs at least one filter, got " + filters);
            }
        }

        @Override
        public String token() {
            return "conv" + filters;
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

    /** Fully connected: ReLU, except the network's last layer, which is one sigmoid unit. Flattens its input (H, W, C order). */
    record Dense(int units) implements LayerSpec {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("a dense layer needs at least one unit, got " + units);
            }
        }

        @Override
        public String token() {
            return "dense" + units;
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
            if (t.startsWith("conv")) {
                return new Conv(Integer.parseInt(t.substring(4)));
            }
            if (t.startsWith("dense")) {
                return new Dense(Integer.parseInt(t.substring(5)));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("unknown layer '" + t + "': expected convN, pool or denseN (e.g. conv16, dense64)");
    }
}
