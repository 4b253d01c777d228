package io.catstream.train;

/** Some examples of another source, by index, in a given order: a split or validation part without copying features. */
record ExampleSubset(ExampleSource parent, int[] indices) implements ExampleSource {

    ExampleSubset {
        indices = indices.clone();
        for (int i : indices) {
            if (i < 0 || i >= parent.size()) {
                throw new IllegalArgumentException("index " + i + " outside 0.." + (parent.size() - 1));
            }
        }
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int featureCount() {
        return parent.featureCount();
    }

    @Override
    public double label(int index) {
        return parent.label(indices[index]);
    }

    @Override
    public void read(int[] order, int from, int count, double[] x) {
        int[] mapped = new int[count];
        for (int i = 0; i < count; i++) {
            mapped[i] = indices[order[from + i]];
        }
        parent.read(mapped, 0, count, x);
    }
}
