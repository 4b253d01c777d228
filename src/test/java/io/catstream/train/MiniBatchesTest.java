package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.nn.LabelledExamples;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {

    @Test
    void shouldDrawAPermutationThatTheSeedFixes() {
        int[] a = MiniBatches.permutation(50, new Random(9));
        int[] b = MiniBatches.permutation(50, new Random(9));
        int[] c = MiniBatches.permutation(50, new Random(10));

        assertThat(Arrays.stream(a).sorted().toArray()).containsExactly(IntStream.range(0, 50).toArray());
        assertThat(a).containsExactly(b).isNotEqualTo(c).isNotEqualTo(IntStream.range(0, 50).toArray());
    }

    @Test
    void shouldDrawADifferentOrderEachEpochFromOneGenerator() {
        Random random = new Random(1);
        assertThat(MiniBatches.permutation(20, random)).isNotEqualTo(MiniBatches.permutation(20, random));
    }

    @Test
    void shouldGatherTheRowsAndLabelsOfTheChosenExamples() {
        // example e has features {10e, 10e+1}; label e % 2
        DMatrixRMaj x = new DMatrixRMaj(5, 2);
        DMatrixRMaj y = new DMatrixRMaj(1, 5);
        for (int e = 0; e < 5; e++) {
            x.data[2 * e] = 10 * e;
            x.data[2 * e + 1] = 10 * e + 1;
            y.data[e] = e % 2;
        }
        double[] bx = new double[6];
        double[] by = new double[3];

        MiniBatches.gather(new LabelledExamples(x, y), new int[] {4, 1, 3, 0, 2}, 1, 3, bx, by);

        assertThat(bx).containsExactly(10, 11, 30, 31, 0, 1);
        assertThat(by).containsExactly(1, 1, 0);
    }
}
