package io.catstream.train;

import io.catstream.nn.layered.Classifier;

/** Reads a whole {@link ExampleSource} front to back a chunk at a time, with one buffer: for evaluation and fits. */
final class SourcePass {

    /** Examples per read: 64 rows of a 64×64 image are 6.3 MB, and enough to keep all cores decoding. */
    static final int CHUNK = 64;

    /** Receives rows {@code 0 .. count-1} of {@code x}: examples {@code first .. first+count-1} of the source. */
    interface Rows {
        void accept(double[] x, int first, int count);
    }

    private SourcePass() {
    }

    static void forEach(ExampleSource source, Rows rows) {
        int[] order = ExampleSource.inOrder(source.size());
        int chunk = Math.min(CHUNK, Math.max(1, source.size()));
        double[] x = new double[chunk * source.featureCount()];
        for (int from = 0; from < order.length; from += chunk) {
            int count = Math.min(chunk, order.length - from);
            source.read(order, from, count, x);
            rows.accept(x, from, count);
        }
    }

    /** p(cat) of every example of {@code source}, in index order. */
    static double[] probabilities(Classifier classifier, ExampleSource source) {
        if (source.featureCount() != classifier.inputSize()) {
            throw new IllegalArgumentException(source.featureCount() + " features per example, the network takes "
                    + classifier.inputSize());
        }
        double[] p = new double[source.size()];
        double[] chunk = new double[Math.min(CHUNK, p.length)];
        forEach(source, (x, first, count) -> {
            classifier.probabilities(x, count, chunk);
            System.arraycopy(chunk, 0, p, first, count);
        });
        return p;
    }
}
