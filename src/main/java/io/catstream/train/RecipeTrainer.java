package io.catstream.train;

import io.catstream.nn.LabelledExamples;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.NetworkFactory;
import io.catstream.nn.layered.TrainableNetwork;
import io.catstream.train.optim.Optimizer;
import io.catstream.train.optim.WeightDecay;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch training of any {@link TrainableNetwork}: per epoch a seeded shuffle, mini-batches augmented as
 * the recipe says, the optimiser with L2 and the epoch's learning rate, then train and validation accuracy.
 * With validation examples it keeps a copy of the parameters of the best validation accuracy (the first, on
 * ties) and stops when {@code patience} epochs pass without a better one; the returned network holds that copy.
 */
public final class RecipeTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(RecipeTrainer.class);

    /** Augmentation draws from its own generator, so turning it on or off leaves the epochs' order unchanged. */
    private static final long AUGMENTATION_SEED_OFFSET = 0x9E3779B97F4A7C15L;

    private final Recipe recipe;
    private final PrintWriter out;
    private final boolean prefetch;

    /** @param out where the epoch lines go (the command's standard output) */
    public RecipeTrainer(Recipe recipe, PrintWriter out) {
        this(recipe, out, true);
    }

    /**
     * @param prefetch read (decode) the next mini-batch on a helper thread while this one trains; the run's numbers
     *                 are the same either way (see docs/trainer.md, "Training larger than memory", for what it gains)
     */
    public RecipeTrainer(Recipe recipe, PrintWriter out, boolean prefetch) {
        this.recipe = recipe;
        this.out = out;
        this.prefetch = prefetch;
    }

    public RecipeResult train(NetworkFactory factory, LabelledExamples train, LabelledExamples validation) {
        return train(factory, new InMemoryExamples(train), new InMemoryExamples(validation));
    }

    /**
     * Trains on examples read a mini-batch at a time: only two batches of features (and the network) are held,
     * whatever the number of examples; train and validation accuracy are computed a chunk at a time too.
     */
    public RecipeResult train(NetworkFactory factory, ExampleSource train, ExampleSource validation) {
        long start = System.nanoTime();
        Architecture arch = recipe.architecture();
        if (train.featureCount() != arch.inputSize()) {
            throw new IllegalArgumentException("the training examples have " + train.featureCount()
                    + " values each but " + arch + " takes " + arch.inputSize());
        }
        TrainableNetwork network = factory.create(arch, recipe.seed());
        List<double[]> params = network.parameters();
        List<double[]> grads = new ArrayList<>();
        params.forEach(p -> grads.add(new double[p.length]));
        Optimizer optimizer = recipe.optimizer().create(recipe.momentum());
        WeightDecay decay = WeightDecay.of(recipe.l2(), arch.parameters());
        Random shuffle = new Random(recipe.seed());
        Random augmentation = new Random(recipe.seed() ^ AUGMENTATION_SEED_OFFSET);
        int batch = Math.min(recipe.batchSize(), train.size());
        LOG.info("training {} ({} parameters) on {} examples, {} validation: {}", arch, arch.parameterCount(),
                train.size(), validation.size(), recipe.describe());

        WeightAverage average = recipe.averaging() > 0 ? new WeightAverage(params, recipe.averaging()) : null;
        EpochLog log = new EpochLog();
        List<double[]> best = null;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        long steps = 0;
        boolean stoppedEarly = false;
        try (Progress progress = Progress.start("training", recipe.epochs());
             BatchReader batches = new BatchReader(train, batch, prefetch)) {
            for (int epoch = 1; epoch <= recipe.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                double lr = recipe.schedule().rate(recipe.learningRate(), epoch - 1, recipe.epochs());
                int[] order = MiniBatches.permutation(train.size(), shuffle);
                double costSum = 0;
                batches.start(order);
                while (batches.hasNext()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IllegalStateException("training interrupted in epoch " + epoch);
                    }
                    BatchReader.Batch b = batches.next();
                    int count = b.count();
                    recipe.augment().apply(b.x(), count, arch.input(), augmentation);
                    double cost = network.costAndGradients(b.x(), b.y(), count, grads) + decay.cost(params);
                    if (!Double.isFinite(cost)) {
                        throw new TrainingDivergedException("cost became " + cost + " in epoch " + epoch
                                + ": the learning rate " + lr + " is probably too large");
                    }
                    decay.addGradient(params, grads);
                    optimizer.update(params, grads, lr);
                    if (average != null) {
                        average.update(params);
                    }
                    costSum += cost * count;
                    steps++;
                }
                requireFinite(params, epoch, lr);
                List<double[]> trained = average == null ? null : average.swapIn(params);
                Score trainScore = Score.of(network, train);
                Score validationScore = Score.of(network, validation);
                EpochLog.Epoch line = new EpochLog.Epoch(epoch, lr, costSum / train.size(), trainScore.accuracy(),
                        validationScore.cost(), validationScore.accuracy(), (System.nanoTime() - epochStart) / 1e9);
                boolean improved = line.validationAccuracy() > bestAccuracy; // never without validation (NaN)
                if (improved) {
                    best = copy(params); // the evaluated weights: the average when averaging
                }
                if (average != null) {
                    average.swapOut(params, trained);
                }
                log.add(line);
                report(line);
                progress.step();
                if (validation.isEmpty()) {
                    bestEpoch = epoch;
                    continue;
                }
                if (improved) {
                    bestAccuracy = line.validationAccuracy();
                    bestEpoch = epoch;
                } else if (recipe.patience() > 0 && epoch - bestEpoch >= recipe.patience()) {
                    stoppedEarly = epoch < recipe.epochs();
                    LOG.info("no better validation accuracy for {} epochs: stopping after epoch {}", recipe.patience(), epoch);
                    break;
                }
            }
        }
        if (best != null) {
            restore(best, params);
        } else if (average != null) {
            average.swapIn(params); // no validation: the last epoch's average is the result
        }
        if (!validation.isEmpty()) {
            out.printf(Locale.ROOT, "kept epoch %d of %d (best validation accuracy %.4f)%s%n", bestEpoch, log.size(),
                    bestAccuracy, stoppedEarly ? ", stopped early" : "");
        }
        return new RecipeResult(network, log, bestEpoch, stoppedEarly, steps, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The cost alone can stay finite while weights run off (the output logit is clamped): check them too. */
    private static void requireFinite(List<double[]> params, int epoch, double lr) {
        for (double[] p : params) {
            for (double v : p) {
                if (!Double.isFinite(v)) {
                    throw new TrainingDivergedException("a parameter became " + v + " in epoch " + epoch
                            + ": the learning rate " + lr + " is probably too large");
                }
            }
        }
    }

    private void report(EpochLog.Epoch e) {
        out.println(String.format(Locale.ROOT, "Epoch %d/%d: cost %.6f, train accuracy %.4f, validation accuracy %s, lr %.3g, %.1f s",
                e.epoch(), recipe.epochs(), e.trainCost(), e.trainAccuracy(),
                Double.isNaN(e.validationAccuracy()) ? "n/a" : String.format(Locale.ROOT, "%.4f", e.validationAccuracy()),
                e.learningRate(), e.seconds()));
        out.flush();
    }

    private static List<double[]> copy(List<double[]> params) {
        List<double[]> copy = new ArrayList<>(params.size());
        params.forEach(p -> copy.add(p.clone()));
        return copy;
    }

    private static void restore(List<double[]> saved, List<double[]> params) {
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(saved.get(i), 0, params.get(i), 0, saved.get(i).length);
        }
    }

    /** Accuracy and mean cross-entropy of a network on a set (NaN for an empty set). */
    record Score(double accuracy, double cost) {

        /** Keeps a confidently wrong prediction's log(0) from making the displayed validation cost infinite. */
        private static final double CLIP = 1e-15;

        static Score of(TrainableNetwork network, ExampleSource data) {
            if (data.isEmpty()) {
                return new Score(Double.NaN, Double.NaN);
            }
            double[] p = SourcePass.probabilities(network, data);
            double[] labels = data.labels();
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                double a = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
                sum += labels[i] * Math.log(a) + (1 - labels[i]) * Math.log(1 - a);
            }
            return new Score(Evaluation.of(p, labels).accuracy(), -sum / p.length);
        }
    }
}
