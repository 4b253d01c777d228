package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.nn.Backward;
import io.catstream.nn.Cost;
import io.catstream.nn.Forward;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.Workspace;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** A dense-only LayeredNetwork is the article's network: same probabilities, cost and gradients as Forward/Backward. */
class LayeredNetworkMatchesArticleTest {

    @Test
    void shouldGiveTheArticleCodesProbabilitiesCostAndGradientsForADenseOnlyNetwork() {
        NetworkShape shape = new NetworkShape(new int[] {48, 7, 5, 1});
        Parameters article = Parameters.initialize(shape, 1);
        List<double[]> arrays = new ArrayList<>();
        for (int l = 1; l <= shape.layers(); l++) {
            for (int i = 0; i < article.bias(l).data.length; i++) {
                article.bias(l).data[i] = 0.01 * (i + l);
            }
            arrays.add(article.weights(l).data);
            arrays.add(article.bias(l).data);
        }
        LayeredNetwork network = LayeredNetwork.of(Architecture.dense(shape), arrays);
        int m = 20;
        double[] x = RandomNetworks.examples(network, m, 4);
        double[] y = RandomNetworks.alternatingLabels(m);
        // the article code's examples are rows too: LabelledExamples is m × n_x, the transpose of the article's X
        LabelledExamples batch = new LabelledExamples(DMatrixRMaj.wrap(m, shape.inputSize(), x), DMatrixRMaj.wrap(1, m, y));

        Workspace ws = new Workspace(shape, m);
        DMatrixRMaj expectedP = Forward.propagate(article, batch.features(), ws);
        double expectedCost = Cost.crossEntropy(expectedP, batch.labels());
        Backward.propagate(article, batch, ws);

        double[] p = new double[m];
        network.probabilities(x, m, p);
        List<double[]> gradients = RandomNetworks.zerosLike(network.parameters());
        double cost = network.costAndGradients(x, y, m, gradients);

        assertThat(RandomNetworks.relativeDifference(p, expectedP.data)).isLessThan(1e-12);
        assertThat(Math.abs(cost - expectedCost) / expectedCost).isLessThan(1e-12);
        for (int l = 1; l <= shape.layers(); l++) {
            assertThat(RandomNetworks.relativeDifference(gradients.get(2 * l - 2), ws.weightGradient(l).data)).as("dW%d", l).isLessThan(1e-12);
            assertThat(RandomNetworks.relativeDifference(gradients.get(2 * l - 1), ws.biasGradient(l).data)).as("db%d", l).isLessThan(1e-12);
        }
    }
}
