package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.nn.LabelledExamples;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** m examples whose single feature is their own index, so rows can be traced after the shuffle. */
    private static LabelledExamples indexed(int m) {
        DMatrixRMaj x = new DMatrixRMaj(m, 2);
        DMatrixRMaj y = new DMatrixRMaj(1, m);
        for (int i = 0; i < m; i++) {
            x.set(i, 0, i);
            x.set(i, 1, -i);
            y.data[i] = i % 3 == 0 ? 1 : 0;
        }
        return new LabelledExamples(x, y);
    }

    @Test
    void shouldHoldOutTheRoundedFractionAndKeepEveryExampleExactlyOnce() {
        Split split = Split.of(indexed(1652), 0.2, 1);

        assertThat(split.test().size()).isEqualTo(330);   // round(1652 · 0.2) = round(330.4)
        assertThat(split.train().size()).isEqualTo(1322);
        int[] all = IntStream.concat(Arrays.stream(split.trainIndices()), Arrays.stream(split.testIndices())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 1652).toArray());
    }

    @Test
    void shouldCarryFeaturesAndLabelsOfTheSelectedRows() {
        LabelledExamples all = indexed(50);
        Split split = Split.of(all, 0.3, 7);

        for (int i = 0; i < split.test().size(); i++) {
            int source = split.testIndices()[i];
            assertThat(split.test().features().get(i, 0)).isEqualTo(source);
            assertThat(split.test().features().get(i, 1)).isEqualTo(-source);
            assertThat(split.test().labels().data[i]).isEqualTo(all.labels().data[source]);
        }
    }

    @Test
    void shouldGiveTheSameSplitForTheSameSeedAndAnotherForAnotherSeed() {
        LabelledExamples all = indexed(200);

        assertThat(Split.of(all, 0.2, 1).testIndices()).isEqualTo(Split.of(all, 0.2, 1).testIndices());
        assertThat(Split.of(all, 0.2, 2).testIndices()).isNotEqualTo(Split.of(all, 0.2, 1).testIndices());
    }

    @Test
    void shouldRefuseAFractionThatLeavesNothingToTrainOn() {
        assertThatThrownBy(() -> Split.of(indexed(3), 0.9, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing to train on");
        assertThatThrownBy(() -> Split.of(indexed(3), 1.0, 1)).hasMessageContaining("[0, 1)");
    }
}
