package io.catstream.numpy;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * A float64 array with a NumPy shape, in C (row-major) order: the unit of exchange with NumPy files.
 * The data array is shared, not copied: callers that keep it must not change it.
 */
public record NdArray(int[] shape, double[] data) {

    public NdArray {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + data.length);
        }
        shape = shape.clone();
    }

    /** A copy of a matrix as a 2-D array. */
    public static NdArray of(DMatrixRMaj matrix) {
        return new NdArray(new int[] {matrix.numRows, matrix.numCols}, matrix.data.clone());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return data.length;
    }

    public int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Columns of a 2-D array; a 1-D array is read as one row. */
    public int cols() {
        return shape.length == 2 ? shape[1] : shape.length == 1 ? shape[0] : 1;
    }

    /** The array as an EJML matrix (2-D arrays only; 1-D as one row), sharing the data. */
    public DMatrixRMaj asMatrix() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("a matrix needs a 1-D or 2-D array, got shape " + Arrays.toString(shape));
        }
        return shape.length == 2 ? DMatrixRMaj.wrap(shape[0], shape[1], data) : DMatrixRMaj.wrap(1, data.length, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NdArray" + Arrays.toString(shape);
    }
}
