package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dropout: masks while training, reproducible from the seed and new every batch; nothing dropped when scoring. */
class LayeredNetworkDropoutTest {

    private static final TensorShape INPUT = new TensorShape(8, 8, 2);
    private static final String WITH_DROPOUT = "conv4,drop30,pool,conv6,gap,drop50,dense5,dense1";
    private static final String WITHOUT_DROPOUT = "conv4,pool,conv6,gap,dense5,dense1";

    @Test
    void shouldScoreExactlyAsTheSameNetworkWithoutDropoutEveryTimeEvenAfterTraining() {
        LayeredNetwork dropout = RandomNetworks.network(WITH_DROPOUT, INPUT, 5);
        LayeredNetwork plain = LayeredNetwork.of(Architecture.parse(WITHOUT_DROPOUT, INPUT), dropout.parameters());
        int count = 9;
        double[] x = RandomNetworks.examples(dropout, count, 6);
        double[] expected = new double[count];
        plain.probabilities(x, count, expected);

        double[] first = new double[count];
        dropout.probabilities(x, count, first);
        dropout.costAndGradients(x, RandomNetworks.alternatingLabels(count), count, RandomNetworks.zerosLike(dropout.parameters()));
        double[] second = new double[count];
        dropout.probabilities(x, count, second);

        assertThat(first).containsExactly(expected);
        assertThat(second).as("a training pass leaves no mask behind for scoring").containsExactly(expected);
    }

    @Test
    void shouldDrawNewMasksEveryBatchInTheSameOrderForTheSameSeed() {
        Architecture architecture = Architecture.parse(WITH_DROPOUT, INPUT);
        LayeredNetwork a = LayeredNetwork.initialise(architecture, 7);
        LayeredNetwork b = LayeredNetwork.initialise(architecture, 7);
        LayeredNetwork otherSeed = LayeredNetwork.of(architecture, a.parameters());
        int count = 6;
        double[] x = RandomNetworks.examples(a, count, 8);
        double[] y = RandomNetworks.alternatingLabels(count);
        List<double[]> g = RandomNetworks.zerosLike(a.parameters());

        double[] costsA = {a.costAndGradients(x, y, count, g), a.costAndGradients(x, y, count, g), a.costAndGradients(x, y, count, g)};
        double[] costsB = {b.costAndGradients(x, y, count, g), b.costAndGradients(x, y, count, g), b.costAndGradients(x, y, count, g)};

        assertThat(costsB).containsExactly(costsA);
        assertThat(Arrays.stream(costsA).distinct().count()).as("same batch, same weights: only the masks differ").isEqualTo(3);
        assertThat(otherSeed.costAndGradients(x, y, count, g)).as("seed 0 draws other masks").isNotEqualTo(costsA[0]);
    }

    @Test
    void shouldFreezeTheMasksOnlyInTheTestHooksCopy() {
        LayeredNetwork network = RandomNetworks.network(WITH_DROPOUT, INPUT, 9);
        int count = 5;
        double[] x = RandomNetworks.examples(network, count, 10);
        double[] y = RandomNetworks.alternatingLabels(count);
        List<double[]> g = RandomNetworks.zerosLike(network.parameters());
        LayeredNetwork frozen = network.withFrozenDropout();

        double first = network.costAndGradients(x, y, count, g);
        assertThat(frozen.costAndGradients(x, y, count, g)).isEqualTo(first);
        assertThat(frozen.costAndGradients(x, y, count, g)).isEqualTo(first);
        assertThat(network.costAndGradients(x, y, count, g)).isNotEqualTo(first);
    }

    @Test
    void shouldDropAboutPOfTheValuesAndScaleTheKeptOnesByOneOverOneMinusP() {
        double[] mask = new double[20_000];
        DropoutBatch.fill(mask, 0.3, new DropoutBatch(1, 0).seed(0, 1));

        long dropped = Arrays.stream(mask).filter(v -> v == 0).count();
        assertThat(dropped / (double) mask.length).isCloseTo(0.3, offset(0.015));
        assertThat(Arrays.stream(mask).filter(v -> v != 0)).allMatch(v -> v == 1 / 0.7);
        assertThat(Arrays.stream(mask).average().orElseThrow()).as("the expected value is kept").isCloseTo(1.0, offset(0.03));
    }

    @Test
    void shouldSeedEveryExampleAndLayerDifferently() {
        DropoutBatch batch = new DropoutBatch(1, 4);

        assertThat(List.of(batch.seed(0, 1), batch.seed(1, 1), batch.seed(0, 2), new DropoutBatch(1, 5).seed(0, 1),
                new DropoutBatch(2, 4).seed(0, 1))).doesNotHaveDuplicates();
    }

    @Test
    void shouldReadAndWriteDropoutTokensAsPercentages() {
        Architecture a = Architecture.parse("conv4,drop25,pool,gap,dense8,drop5,dense1", INPUT);

        assertThat(a.layers().get(1)).isEqualTo(new LayerSpec.Dropout(25));
        assertThat(((LayerSpec.Dropout) a.layers().get(5)).probability()).isEqualTo(0.05);
        assertThat(a.layerTokens()).isEqualTo("conv4,drop25,pool,gap,dense8,drop5,dense1");
        assertThat(a.parameters()).as("W, b of conv4, dense8, dense1 only").hasSize(6);
        assertThat(a.outputShapes().get(1)).isEqualTo(new TensorShape(8, 8, 4));
        assertThatThrownBy(() -> Architecture.parse("drop0,dense1", INPUT)).hasMessageContaining("1 to 99 %");
        assertThatThrownBy(() -> Architecture.parse("drop100,dense1", INPUT)).hasMessageContaining("1 to 99 %");
        assertThatThrownBy(() -> Architecture.parse("dense4,drop50", INPUT)).hasMessageContaining("the last layer");
        assertThatThrownBy(() -> Architecture.parse("drop,dense1", INPUT)).hasMessageContaining("unknown layer 'drop'")
                .hasMessageContaining("dropN");
    }
}
