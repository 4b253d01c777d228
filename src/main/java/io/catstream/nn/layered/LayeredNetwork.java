package io.catstream.nn.layered;

import io.catstream.numpy.NumpyRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The engine behind {@link TrainableNetwork}: any {@link Architecture} (3×3 convolutions, max-pooling, global
 * average pooling, dropout, dense layers), float64, one example at a time per thread through
 * {@link ExampleWorkspace}s, a mini-batch split over the cores by {@link ExampleChunks}.
 *
 * <p>Training and scoring differ in dropout and batch normalisation: {@link #costAndGradients} is training, draws
 * the masks of its batch from the network's seed and a count of its calls ({@link DropoutBatch}), normalises with
 * the batch's statistics ({@link NormalisedTraining}) and moves the running statistics towards them;
 * {@link #probabilities} is scoring, never drops anything and normalises with the running statistics, exactly as
 * the {@link #folded()} network computes without normalisation layers.
 *
 * <p>Thread safety: {@link #probabilities} may be called from any number of threads at once (each call borrows
 * its own workspace). {@link #costAndGradients} is meant for one trainer thread; concurrent calls are
 * serialised. Nothing here changes the parameters: the caller's optimiser does, between calls, so hand a
 * scorer a {@link #copy()}.
 */
public final class LayeredNetwork implements TrainableNetwork {

    private final Architecture architecture;
    private final List<double[]> parameters;
    private final int threads;
    /** Seed of the dropout masks: the initialisation seed, 0 for a network made from stored arrays. */
    private final long seed;
    /** A test hook: every {@link #costAndGradients} call draws the same masks, so the cost is one function of the parameters. */
    private final boolean dropoutFrozen;
    /** Number of the next training batch, which seeds its dropout masks; guarded by {@link #chunkGradients}. */
    private long batches;
    private final ConcurrentLinkedDeque<ExampleWorkspace> workspaces = new ConcurrentLinkedDeque<>();
    /** Per-chunk gradient sums and costs of the current {@link #costAndGradients} call; guarded by itself. */
    private final List<List<double[]>> chunkGradients = new ArrayList<>();
    private final double[] chunkCosts = new double[ExampleChunks.MAX_CHUNKS];
    /** Stages and per-example workspaces of a batch with batch normalisation; made on first use, guarded by {@link #chunkGradients}. */
    private NormalisedTraining normalisedTraining;

    private LayeredNetwork(Architecture architecture, List<double[]> parameters, int threads, long seed, long batches,
                           boolean dropoutFrozen) {
        this.architecture = architecture;
        this.parameters = List.copyOf(parameters);
        this.threads = threads;
        this.seed = seed;
        this.batches = batches;
        this.dropoutFrozen = dropoutFrozen;
    }

    /**
     * He initialisation, reproducible from NumPy: with {@code rng = np.random.RandomState(seed)}, for each W in
     * {@link Architecture#parameters()} order {@code W = rng.randn(rows, cols) * sqrt(2 / cols)} (cols is the
     * fan-in: 9·C_in for a convolution, the inputs for a dense layer); every b is 0 and draws nothing. Batch
     * normalisation starts as the identity: γ = 1, β = 0, running mean 0 and variance 1. The seed also seeds the
     * dropout masks of training.
     */
    public static LayeredNetwork initialise(Architecture architecture, long seed) {
        NumpyRandom random = new NumpyRandom(seed);
        List<double[]> arrays = new ArrayList<>();
        for (ParamSpec spec : architecture.parameters()) {
            double[] values = new double[Math.toIntExact(spec.count())];
            if (spec.name().startsWith("W")) {
                double scale = Math.sqrt(2.0 / spec.cols());
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextGaussian() * scale;
                }
            } else if (spec.name().startsWith("gamma") || spec.name().startsWith("var")) {
                Arrays.fill(values, 1.0);
            }
            arrays.add(values);
        }
        return new LayeredNetwork(architecture, arrays, defaultThreads(), seed, 0, false);
    }

    /**
     * A network with copies of stored arrays, which must match {@link Architecture#parameters()} in count and size.
     * Its dropout masks, should it be trained further, are seeded with 0.
     */
    public static LayeredNetwork of(Architecture architecture, List<double[]> arrays) {
        List<ParamSpec> specs = architecture.parameters();
        if (arrays.size() != specs.size()) {
            throw new IllegalArgumentException(architecture + " has " + specs.size() + " parameter arrays ("
                    + specs.stream().map(ParamSpec::name).toList() + "), got " + arrays.size());
        }
        List<double[]> copies = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ParamSpec spec = specs.get(i);
            double[] values = arrays.get(i);
            if (values == null || values.length != spec.count()) {
                throw new IllegalArgumentException(spec.name() + " of " + architecture + " must hold " + spec.rows() + " × "
                        + spec.cols() + " = " + spec.count() + " values, got " + (values == null ? "none" : values.length));
            }
            copies.add(values.clone());
        }
        return new LayeredNetwork(architecture, copies, defaultThreads(), 0, 0, false);
    }

    /**
     * An independent network with copies of the current parameters and of the dropout state (its next batch draws
     * the masks this one's next batch would): a checkpoint, or a frozen model to score with.
     */
    public LayeredNetwork copy() {
        return withThreads(threads);
    }

    /**
     * A copy that splits batches over at most {@code threads} threads (default: every available processor).
     * Results do not depend on it; benchmarks and tests use it to compare.
     */
    public LayeredNetwork withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return copy(threads, dropoutFrozen);
    }

    /**
     * A test hook: a copy whose every {@link #costAndGradients} call draws the dropout masks of this network's next
     * batch, so that finite differences of the cost see one fixed function of the parameters.
     */
    LayeredNetwork withFrozenDropout() {
        return copy(threads, true);
    }

    private LayeredNetwork copy(int threads, boolean frozen) {
        synchronized (chunkGradients) {
            return new LayeredNetwork(architecture, parameters.stream().map(double[]::clone).toList(), threads, seed, batches, frozen);
        }
    }

    @Override
    public Architecture architecture() {
        return architecture;
    }

    @Override
    public List<double[]> parameters() {
        return parameters;
    }

    @Override
    public void probabilities(double[] examples, int count, double[] out) {
        checkExamples(examples, count);
        if (out.length < count) {
            throw new IllegalArgumentException("out holds " + out.length + " values, need " + count);
        }
        PreparedWeights weights = PreparedWeights.forScoring(architecture, parameters);
        int chunks = ExampleChunks.chunks(count);
        ExampleChunks.run(chunks, threads, c -> {
            ExampleWorkspace ws = borrow();
            try {
                for (int e = ExampleChunks.start(c, chunks, count); e < ExampleChunks.start(c + 1, chunks, count); e++) {
                    out[e] = BinaryCrossEntropy.sigmoid(ws.logit(examples, e, weights));
                }
            } finally {
                workspaces.push(ws);
            }
        });
    }

    @Override
    public double costAndGradients(double[] examples, double[] labels, int count, List<double[]> gradients) {
        checkExamples(examples, count);
        if (count < 1 || labels.length < count) {
            throw new IllegalArgumentException("need at least one example and a label for each of the " + count
                    + ", got " + labels.length + " labels");
        }
        checkGradients(gradients);
        PreparedWeights weights = PreparedWeights.forTraining(architecture, parameters);
        int chunks = ExampleChunks.chunks(count);
        synchronized (chunkGradients) {
            DropoutBatch dropout = new DropoutBatch(seed, dropoutFrozen ? batches : batches++);
            while (chunkGradients.size() < chunks) {
                chunkGradients.add(parameters.stream().map(p -> new double[p.length]).toList());
            }
            if (architecture.isNormalised()) {
                if (normalisedTraining == null) {
                    normalisedTraining = new NormalisedTraining(architecture);
                }
                normalisedTraining.run(examples, labels, count, weights, dropout, threads, chunkGradients, chunkCosts);
                double cost = meanOverChunks(chunks, count, gradients);
                normalisedTraining.updateRunningStatistics(parameters);
                return cost;
            }
            ExampleChunks.run(chunks, threads, c -> {
                List<double[]> sums = chunkGradients.get(c);
                sums.forEach(g -> Arrays.fill(g, 0.0));
                double cost = 0;
                ExampleWorkspace ws = borrow();
                try {
                    for (int e = ExampleChunks.start(c, chunks, count); e < ExampleChunks.start(c + 1, chunks, count); e++) {
                        double logit = ws.trainingLogit(examples, e, weights, dropout);
                        cost += BinaryCrossEntropy.cost(logit, labels[e]);
                        ws.addGradients(BinaryCrossEntropy.logitGradient(logit, labels[e]), weights, sums);
                    }
                } finally {
                    workspaces.push(ws);
                }
                chunkCosts[c] = cost;
            });
            return meanOverChunks(chunks, count, gradients);
        }
    }

    /**
     * The same function as {@link #probabilities}, without normalisation layers: each batch-normalised layer k
     * becomes its plain form with {@code s = γ / √(var + ε)} per output channel, {@code W' = s·W} (row by row) and
     * {@code b' = β − s·mean} (β is {@code b<k>}; the linear part has no bias of its own). What a model file stores,
     * so that its format and the scorer know nothing of batch normalisation. A network without normalisation
     * returns itself.
     */
    public LayeredNetwork folded() {
        if (!architecture.isNormalised()) {
            return this;
        }
        Architecture plain = architecture.withoutNormalisation();
        List<double[]> arrays = new ArrayList<>(parameters.subList(0, 2 * architecture.weightedLayers()));
        int k = 0;
        int gamma = arrays.size();
        for (LayerSpec layer : architecture.layers()) {
            if (!layer.hasParameters()) {
                continue;
            }
            if (layer.isNormalised()) {
                double[] w = parameters.get(2 * k).clone();
                double[] b = parameters.get(2 * k + 1).clone();
                double[] g = parameters.get(gamma);
                double[] mean = parameters.get(gamma + 1);
                double[] variance = parameters.get(gamma + 2);
                int cols = w.length / b.length;
                for (int r = 0; r < b.length; r++) {
                    double scale = g[r] / Math.sqrt(variance[r] + BatchNormLayer.EPSILON);
                    for (int i = r * cols; i < (r + 1) * cols; i++) {
                        w[i] *= scale;
                    }
                    b[r] -= scale * mean[r];
                }
                arrays.set(2 * k, w);
                arrays.set(2 * k + 1, b);
                gamma += Architecture.NORMALISATION_ARRAYS.size();
            }
            k++;
        }
        return new LayeredNetwork(plain, arrays.stream().map(double[]::clone).toList(), threads, seed, batches, false);
    }

    /** {@code gradients = Σ_chunks / count}, {@code cost = Σ_chunks / count}, summed in chunk order. */
    private double meanOverChunks(int chunks, int count, List<double[]> gradients) {
        double cost = 0;
        for (int c = 0; c < chunks; c++) {
            cost += chunkCosts[c];
        }
        for (int p = 0; p < gradients.size(); p++) {
            double[] total = gradients.get(p);
            System.arraycopy(chunkGradients.get(0).get(p), 0, total, 0, total.length);
            for (int c = 1; c < chunks; c++) {
                double[] part = chunkGradients.get(c).get(p);
                for (int i = 0; i < total.length; i++) {
                    total[i] += part[i];
                }
            }
            for (int i = 0; i < total.length; i++) {
                total[i] /= count;
            }
        }
        return cost / count;
    }

    private ExampleWorkspace borrow() {
        ExampleWorkspace ws = workspaces.poll();
        return ws != null ? ws : new ExampleWorkspace(architecture);
    }

    private void checkExamples(double[] examples, int count) {
        if (count < 0 || examples.length < (long) count * inputSize()) {
            throw new IllegalArgumentException(count + " examples of " + inputSize() + " values (" + architecture.input()
                    + ") need " + (long) count * inputSize() + " values, got " + examples.length);
        }
    }

    private void checkGradients(List<double[]> gradients) {
        if (gradients.size() != parameters.size()) {
            throw new IllegalArgumentException("need " + parameters.size() + " gradient arrays, one per parameter array, got "
                    + gradients.size());
        }
        for (int i = 0; i < parameters.size(); i++) {
            if (gradients.get(i).length != parameters.get(i).length) {
                throw new IllegalArgumentException("gradient " + i + " (" + architecture.parameters().get(i).name() + ") holds "
                        + gradients.get(i).length + " values, the parameter " + parameters.get(i).length);
            }
        }
    }

    private static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public String toString() {
        return "LayeredNetwork[" + architecture + ", " + architecture.parameterCount() + " parameters, " + threads + " threads]";
    }
}
