package io.catstream.nn.layered;

/** Height × width × channels of one example's activations, stored in (H, W, C) row-major order. */
public record TensorShape(int height, int width, int channels) {

    public TensorShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("tensor dimensions must be positive, got " + height + "x" + width + "x" + channels);
        }
    }

    /** A flat vector of {@code n} values (what a dense layer sees). */
    public static TensorShape vector(int n) {
        return new TensorShape(1, 1, n);
    }

    public long size() {
        return (long) height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
