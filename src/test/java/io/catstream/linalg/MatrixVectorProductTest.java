package io.catstream.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatrixVectorProductTest {

    @Test
    void shouldMatchThePlainDotProductForEveryRowCountAndWidth() {
        Random random = new Random(5);
        for (int rows : new int[] {1, 3, 4, 5, 8, 20}) {
            for (int cols : new int[] {1, 7, 8, 15, 16, 17, 33, 1000}) {
                double[] w = random.doubles((long) rows * cols, -1, 1).toArray();
                double[] x = random.doubles(cols, 0, 1).toArray();
                double[] expected = new double[rows];
                double[] scalar = new double[rows];
                double[] vector = new double[rows];
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        expected[r] += w[r * cols + c] * x[c];
                    }
                }
                new ScalarMatrixVectorProduct().mult(w, rows, cols, x, scalar);
                new VectorMatrixVectorProduct().mult(w, rows, cols, x, vector);
                for (int r = 0; r < rows; r++) {
                    double tolerance = 1e-13 * cols;
                    assertThat(scalar[r]).as("scalar row %d of %dx%d", r, rows, cols).isCloseTo(expected[r],
                            within(tolerance));
                    assertThat(vector[r]).as("vector row %d of %dx%d", r, rows, cols).isCloseTo(expected[r],
                            within(tolerance));
                }
            }
        }
    }
}
