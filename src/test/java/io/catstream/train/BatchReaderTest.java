package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.nn.LabelledExamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchReaderTest {

    /** Five examples: example e has features {10e, 10e+1} and label e % 2. */
    private static ExampleSource fiveExamples() {
        DMatrixRMaj x = new DMatrixRMaj(5, 2);
        DMatrixRMaj y = new DMatrixRMaj(1, 5);
        for (int e = 0; e < 5; e++) {
            x.data[2 * e] = 10 * e;
            x.data[2 * e + 1] = 10 * e + 1;
            y.data[e] = e % 2;
        }
        return new InMemoryExamples(new LabelledExamples(x, y));
    }

    @ParameterizedTest(name = "prefetch {0}")
    @ValueSource(booleans = {false, true})
    void shouldReadTheBatchesOfTheEpochsOrderWithTheirLabelsAndASmallerLastBatch(boolean prefetch) {
        List<String> seen = new ArrayList<>();
        try (BatchReader reader = new BatchReader(fiveExamples(), 2, prefetch)) {
            for (int[] order : new int[][] {{4, 1, 3, 0, 2}, {0, 1, 2, 3, 4}}) {
                reader.start(order);
                while (reader.hasNext()) {
                    BatchReader.Batch b = reader.next();
                    seen.add(Arrays.toString(Arrays.copyOf(b.x(), 2 * b.count())) + Arrays.toString(Arrays.copyOf(b.y(), b.count())));
                }
            }
        }

        assertThat(seen).containsExactly(
                "[40.0, 41.0, 10.0, 11.0][0.0, 1.0]", "[30.0, 31.0, 0.0, 1.0][1.0, 0.0]", "[20.0, 21.0][0.0]",
                "[0.0, 1.0, 10.0, 11.0][0.0, 1.0]", "[20.0, 21.0, 30.0, 31.0][0.0, 1.0]", "[40.0, 41.0][0.0]");
    }
}
