package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
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
}
