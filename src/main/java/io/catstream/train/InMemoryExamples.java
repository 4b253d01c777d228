package io.catstream.train;

import io.catstream.nn.LabelledExamples;

/** Examples already decoded into rows (NumPy arrays, the demo's in-memory images): reading copies rows. */
public record InMemoryExamples(LabelledExamples examples) implements ExampleSource {

    @Override
    public int size() {
        return examples.size();
    }

    @Override
    public int featureCount() {
        return examples.featureCount();
    }

    @Override
    public double label(int index) {
        return examples.labels().data[index];
    }

    @Override
    public void read(int[] indices, int from, int count, double[] x) {
        int n = featureCount();
        double[] features = examples.features().data;
        for (int i = 0; i < count; i++) {
            System.arraycopy(features, indices[from + i] * n, x, i * n, n);
        }
    }
}
