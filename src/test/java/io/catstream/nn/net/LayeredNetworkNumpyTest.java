package io.catstream.nn.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.catstream.nn.NdArray;
import io.catstream.nn.Npz;
import io.catstream.testsupport.NumpyReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine against {@code cnn_reference.py}, an independent NumPy implementation (shifted einsums, explicit
 * pooling loops, the article's cost on probabilities): same weights, same inputs; probabilities, cost and every
 * gradient array within 1e-10 relative.
 */
class LayeredNetworkNumpyTest {

    private static final double TOLERANCE = 1e-10;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{3} on {0}x{1}x{2}")
    @CsvSource(delimiter = ';', value = {
            "6;6;2;conv3,pool,conv4,dense5,dense1",
            "7;9;3;conv4,pool,conv5,pool,dense6,dense1",
            "12;12;3;conv8,pool,conv16,pool,conv16,pool,dense8,dense1",
            "5;4;2;dense6,dense3,dense1",
            "7;9;3;conv4,pool,conv5,gap,dense6,dense1",
            "6;6;2;gap,dense1"})
    void shouldMatchTheNumpyReferenceOnProbabilitiesCostAndGradients(int h, int w, int c, String layers) throws URISyntaxException {
        NumpyReference.requireNumpy();
        LayeredNetwork network = RandomNetworks.network(layers, new TensorShape(h, w, c), 3);
        int count = 5;
        double[] x = RandomNetworks.examples(network, count, 8);
        double[] y = RandomNetworks.alternatingLabels(count);

        Map<String, NdArray> input = new LinkedHashMap<>();
        input.put("X", new NdArray(new int[] {count, network.inputSize()}, x));
        input.put("Y", new NdArray(new int[] {count}, y));
        List<ParamSpec> specs = network.architecture().parameters();
        for (int i = 0; i < specs.size(); i++) {
            input.put(specs.get(i).name(), new NdArray(new int[] {specs.get(i).rows(), specs.get(i).cols()}, network.parameters().get(i)));
        }
        Npz.write(temp.resolve("in.npz"), input);
        Path script = Path.of(getClass().getResource("cnn_reference.py").toURI());
        NumpyReference.run(List.of(NumpyReference.PYTHON, script.toString(), temp.resolve("in.npz").toString(),
                temp.resolve("out.npz").toString(), "" + h, "" + w, "" + c, layers), temp.resolve("numpy.log"));
        Map<String, NdArray> expected = Npz.read(temp.resolve("out.npz"));

        double[] p = new double[count];
        network.probabilities(x, count, p);
        List<double[]> gradients = RandomNetworks.zerosLike(network.parameters());
        double cost = network.costAndGradients(x, y, count, gradients);

        assertThat(RandomNetworks.relativeDifference(p, expected.get("p").data())).as("probabilities").isLessThan(TOLERANCE);
        assertThat(cost).as("cost").isCloseTo(expected.get("cost").data()[0], withPercentage(TOLERANCE * 100));
        for (int i = 0; i < specs.size(); i++) {
            String name = "d" + specs.get(i).name();
            assertThat(RandomNetworks.relativeDifference(gradients.get(i), expected.get(name).data())).as(name).isLessThan(TOLERANCE);
        }
    }
}
