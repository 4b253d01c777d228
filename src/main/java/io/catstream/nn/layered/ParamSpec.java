package io.catstream.nn.layered;

/**
 * One parameter array of a network, row-major: {@code W<k>} ({@code rows × cols}) or {@code b<k>} ({@code rows × 1})
 * of the k-th layer that has parameters. A convolution's W is {@code filters × (3·3·C_in)}, each row one filter
 * in (kernel row, kernel column, input channel) order, so that an im2col matrix multiplies it directly; a dense
 * layer's W is {@code units × inputs}, as in the article.
 */
public record ParamSpec(String name, int rows, int cols) {

    public long count() {
        return (long) rows * cols;
    }
}
