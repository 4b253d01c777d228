package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.numpy.NdArray;
import io.catstream.numpy.Npz;
import io.catstream.nn.Parameters;
import io.catstream.testsupport.NumpyReference;
import io.catstream.testsupport.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole trainer from image files to model file against the NumPy reference reading the same files: the
 * catvnoncat PNGs are 64×64, so there is no resize and Pillow and catstream decode the same bytes; with
 * {@code --seed 1} both start from {@code np.random.seed(1)}'s weights. Then every cost, every weight and the
 * test accuracy must agree — the image path, the seeded initialisation and the default (Gram) solver at once.
 */
class TrainMatchesNumpyFromImagesTest {

    private static final int ITERATIONS = 300;

    @TempDir
    Path dir;

    @Test
    void shouldTrainTheSameNetworkAsNumpyFromTheSamePngFiles() throws Exception {
        Path reference = NumpyReference.folderOrSkip();
        Path train = SharedData.assumeData("catvnoncat/train");
        Path test = SharedData.assumeData("catvnoncat/test");
        Path numpyOut = dir.resolve("numpy");
        NumpyReference.train(reference, numpyOut, "--dims", "12288,20,7,5,1", "--data", train.toString(),
                "--test-data", test.toString(), "--iterations", String.valueOf(ITERATIONS));

        Path model = dir.resolve("cvn.model");
        Path costs = dir.resolve("costs.csv");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CatstreamCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("train", "--data", train.toString(), "--test-data", test.toString(),
                "--dims", "12288,20,7,5,1", "--iterations", String.valueOf(ITERATIONS), "--seed", "1",
                "--out", model.toString(), "--cost-log", costs.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("(gram solver)");

        Map<String, NdArray> numpy = Npz.read(numpyOut.resolve("final.npz"));
        double[] numpyCosts = numpy.get("costs").data();
        List<String> rows = Files.readAllLines(costs);
        assertThat(rows).hasSize(ITERATIONS + 1);
        for (int i = 0; i < ITERATIONS; i++) {
            double ours = Double.parseDouble(rows.get(i + 1).split(",")[1]);
            assertThat(Math.abs(ours - numpyCosts[i])).as("cost of iteration %d", i)
                    .isLessThanOrEqualTo(1e-9 * Math.abs(numpyCosts[i]));
        }

        ModelArtifact artifact = ModelCodec.read(model);
        Parameters expected = Parameters.fromArrays(numpy);
        for (int l = 1; l <= expected.layers(); l++) {
            assertCloseRelativeToLargest(artifact.parameters().weights(l).data, expected.weights(l).data, "W" + l);
            assertCloseRelativeToLargest(artifact.parameters().bias(l).data, expected.bias(l).data, "b" + l);
        }

        JsonNode meta = new ObjectMapper().readTree(numpyOut.resolve("final.json").toFile()).get("meta");
        assertThat(artifact.training().trainAccuracy()).isEqualTo(meta.get("train_accuracy").asDouble());
        assertThat(artifact.training().testAccuracy()).isEqualTo(meta.get("test_accuracy").asDouble());
    }

    /** |a − b| ≤ 1e-9 · max|b| over the array: elementwise relative error is meaningless for values near zero. */
    private static void assertCloseRelativeToLargest(double[] actual, double[] expected, String name) {
        double largest = 0;
        for (double v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s[%d]", name, i).isLessThanOrEqualTo(1e-9 * largest);
        }
    }
}
