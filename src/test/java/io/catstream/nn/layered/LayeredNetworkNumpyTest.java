package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.catstream.numpy.NdArray;
import io.catstream.numpy.Npz;
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
 * gradient array within 1e-10 relative. Dropout masks are drawn here, by {@link DropoutBatch} for the network's
 * seed and its first batch, and handed to NumPy: that also pins down which mask the engine uses for which example.
 * With batch normalisation: probabilities with the running statistics, cost and gradients (γ, β, and through the
 * normalisation everything below it) with the batch's, and the running statistics after the batch.
 */
class LayeredNetworkNumpyTest {

    private static final double TOLERANCE = 1e-10;
    private static final long SEED = 3;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{3} on {0}x{1}x{2}")
    @CsvSource(delimiter = ';', value = {
            "6;6;2;conv3,pool,conv4,dense5,dense1",
            "7;9;3;conv4,pool,conv5,pool,dense6,dense1",
            "12;12;3;conv8,pool,conv16,pool,conv16,pool,dense8,dense1",
            "5;4;2;dense6,dense3,dense1",
            "7;9;3;conv4,pool,conv5,gap,dense6,dense1",
            "6;6;2;gap,dense1",
            "7;9;3;conv4,drop25,pool,conv5,gap,drop50,dense6,dense1",
            "5;4;2;drop10,dense6,drop40,dense3,dense1",
            "7;9;3;convbn4,pool,conv5,pool,densebn6,dense1",
            "6;6;2;conv3,convbn4,pool,convbn5,gap,drop50,dense6,dense1",
            "5;4;2;densebn6,drop40,densebn3,dense1"})
    void shouldMatchTheNumpyReferenceOnProbabilitiesCostAndGradients(int h, int w, int c, String layers) throws URISyntaxException {
        NumpyReference.requireNumpy();
        LayeredNetwork network = RandomNetworks.network(layers, new TensorShape(h, w, c), SEED);
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
        input.putAll(firstBatchMasks(network.architecture(), count));
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
            if (specs.get(i).name().startsWith("mean") || specs.get(i).name().startsWith("var")) {
                assertThat(gradients.get(i)).as(name).containsOnly(0.0);
                assertThat(expected.get(name).data()).as(name + " (NumPy)").containsOnly(0.0);
                String after = "new" + specs.get(i).name();
                assertThat(RandomNetworks.relativeDifference(network.parameters().get(i), expected.get(after).data()))
                        .as(after).isLessThan(TOLERANCE);
                continue;
            }
            assertThat(RandomNetworks.relativeDifference(gradients.get(i), expected.get(name).data())).as(name).isLessThan(TOLERANCE);
        }
    }

    /** The masks the network (seed {@value #SEED}) draws in its first {@code costAndGradients} call, as {@code M<position>}. */
    private static Map<String, NdArray> firstBatchMasks(Architecture architecture, int count) {
        Map<String, NdArray> masks = new LinkedHashMap<>();
        DropoutBatch first = new DropoutBatch(SEED, 0);
        List<TensorShape> shapes = architecture.outputShapes();
        for (int n = 0; n < architecture.layers().size(); n++) {
            if (architecture.layers().get(n) instanceof LayerSpec.Dropout dropout) {
                int size = Math.toIntExact(shapes.get(n).size());
                double[] all = new double[count * size];
                double[] mask = new double[size];
                for (int e = 0; e < count; e++) {
                    DropoutBatch.fill(mask, dropout.probability(), first.seed(e, n));
                    System.arraycopy(mask, 0, all, e * size, size);
                }
                masks.put("M" + n, new NdArray(new int[] {count, size}, all));
            }
        }
        return masks;
    }
}
