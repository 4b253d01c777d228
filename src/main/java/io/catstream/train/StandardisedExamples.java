package io.catstream.train;

import io.catstream.image.Standardisation;

/**
 * A source standardised as it is read, with {@link Standardisation#apply} — the very call the scorer makes per
 * image — so a streamed example equals the in-memory one standardised in place, value for value.
 */
record StandardisedExamples(ExampleSource raw, Standardisation standardisation) implements ExampleSource {

    @Override
    public int size() {
        return raw.size();
    }

    @Override
    public int featureCount() {
        return raw.featureCount();
    }

    @Override
    public double label(int index) {
        return raw.label(index);
    }

    @Override
    public void read(int[] indices, int from, int count, double[] x) {
        raw.read(indices, from, count, x);
        int n = featureCount();
        for (int e = 0; e < count; e++) {
            standardisation.apply(x, e * n, n);
        }
    }
}
