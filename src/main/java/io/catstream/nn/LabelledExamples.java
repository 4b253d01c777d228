package io.catstream.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * Training or test data: {@code features} is {@code m × n_x} with <b>one example per row</b> (the transpose
 * of the article's {@code X}, so that each decoded image is one contiguous row), {@code labels} is
 * {@code 1 × m} of 0/1 (the article's {@code Y}).
 */
public record LabelledExamples(DMatrixRMaj features, DMatrixRMaj labels) {

    public LabelledExamples {
        if (labels.numRows != 1 || labels.numCols != features.numRows) {
            throw new IllegalArgumentException("labels must be 1 × m with m = " + features.numRows + " examples, got "
                    + labels.numRows + " × " + labels.numCols);
        }
        for (double y : labels.data) {
            if (y != 0.0 && y != 1.0) {
                throw new IllegalArgumentException("labels must be 0 or 1, got " + y);
            }
        }
    }

    /** Number of examples m. */
    public int size() {
        return features.numRows;
    }

    /** Number of features n_x per example. */
    public int featureCount() {
        return features.numCols;
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
