package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TrainingFacts;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch normalisation's two modes and its export: scoring uses the running statistics, so it equals the folded
 * plain network; training uses the batch's and moves the running statistics towards them.
 */
class LayeredNetworkBatchNormTest {

    private static final TensorShape INPUT = new TensorShape(8, 8, 3);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"convbn4,pool,conv5,convbn6,pool,densebn7,dense1", "conv3,convbn4,gap,drop30,dense5,dense1",
            "densebn6,densebn4,dense1"})
    void shouldScoreWithTheRunningStatisticsExactlyAsTheFoldedPlainNetwork(String layers) {
        LayeredNetwork network = RandomNetworks.network(layers, INPUT, 31);
        int count = 9;
        double[] x = RandomNetworks.examples(network, count, 4);

        LayeredNetwork folded = network.folded();
        double[] normalised = new double[count];
        double[] plain = new double[count];
        network.probabilities(x, count, normalised);
        folded.probabilities(x, count, plain);

        assertThat(folded.architecture()).isEqualTo(network.architecture().withoutNormalisation());
        assertThat(folded.architecture().isNormalised()).isFalse();
        for (int e = 0; e < count; e++) {
            assertThat(plain[e]).as("example %d", e).isCloseTo(normalised[e], Offset.offset(1e-12));
        }
        assertThat(normalised).as("probabilities spread out, else the comparison proves little").satisfies(p ->
                assertThat(Arrays.stream(p).max().orElseThrow() - Arrays.stream(p).min().orElseThrow())
                        .isGreaterThan(1e-3));
    }

    @Test
    void shouldFoldByHandOnAOneFilterConvolution() {
        // conv 1 filter on a 2x2x1 input, then dense1: hand-computed fold, s = γ/√(var + ε) = 2/√(4 + 1e-5)
        Architecture architecture = Architecture.parse("convbn1,dense1", new TensorShape(2, 2, 1));
        double[] w = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        LayeredNetwork network = LayeredNetwork.of(architecture, List.of(w, new double[] {0.5}, new double[] {1, 1, 1, 1},
                new double[] {0}, new double[] {2}, new double[] {3}, new double[] {4}));
        double s = 2 / Math.sqrt(4 + 1e-5);

        LayeredNetwork folded = network.folded();

        for (int i = 0; i < 9; i++) {
            assertThat(folded.parameters().get(0)[i]).isEqualTo(w[i] * s);
        }
        assertThat(folded.parameters().get(1)[0]).isEqualTo(0.5 - s * 3);
        assertThat(folded.parameters()).hasSize(4);
        assertThat(network.parameters().get(0)).as("folding leaves the trained network alone").containsExactly(w);
    }

    @Test
    void shouldStartAsTheIdentityAndMoveTheRunningStatisticsTowardsTheBatchAfterEachTrainingCall() {
        LayeredNetwork network = LayeredNetwork.initialise(Architecture.parse("densebn2,dense1", TensorShape.vector(1)), 5);
        List<ParamSpec> specs = network.architecture().parameters();
        assertThat(specs.subList(4, 7)).extracting(ParamSpec::name).containsExactly("gamma1", "mean1", "var1");
        assertThat(network.parameters().get(4)).containsExactly(1, 1);
        assertThat(network.parameters().get(5)).containsExactly(0, 0);
        assertThat(network.parameters().get(6)).containsExactly(1, 1);
        double[] w = network.parameters().get(0);

        // inputs 1, 2, 3, 4: unit j sees z = w_j·x, batch mean 2.5·w_j, biased variance 1.25·w_j² (by hand)
        network.costAndGradients(new double[] {1, 2, 3, 4}, new double[] {1, 0, 1, 0}, 4, RandomNetworks.zerosLike(network.parameters()));

        for (int j = 0; j < 2; j++) {
            assertThat(network.parameters().get(5)[j]).isCloseTo(0.1 * 2.5 * w[j], Offset.offset(1e-15));
            assertThat(network.parameters().get(6)[j]).isCloseTo(0.9 + 0.1 * 1.25 * w[j] * w[j], Offset.offset(1e-15));
        }
    }

    @Test
    void shouldRefuseToMakeAModelOfAnUnfoldedNetworkAndStoreTheFoldedOneAsPlainLayers() {
        LayeredNetwork network = RandomNetworks.network("convbn4,pool,densebn5,dense1", INPUT, 7);
        InputContract contract = InputContract.rgb(8);
        TrainingFacts facts = TrainingFacts.imported(Instant.parse("2026-01-01T00:00:00Z"));

        assertThatThrownBy(() -> ModelArtifact.of("m", contract, facts, Map.of(), network.architecture(), network.parameters()))
                .hasMessageContaining("fold it");
        LayeredNetwork folded = network.folded();
        ModelArtifact model = ModelCodec.decode(ModelCodec.encode(
                ModelArtifact.of("m", contract, facts, Map.of(), folded.architecture(), folded.parameters())));

        assertThat(model.architecture().layerTokens()).isEqualTo("conv4,pool,dense5,dense1");
        double[] x = RandomNetworks.examples(network, 1, 9);
        assertThat(LayeredNetwork.of(model.architecture(), model.arrays()).probability(x))
                .isCloseTo(network.probability(x), Offset.offset(1e-12));
    }
}
