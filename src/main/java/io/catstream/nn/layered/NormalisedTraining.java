package io.catstream.nn.layered;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training batch of a network with batch normalisation. A normalisation needs the whole batch's mean and
 * variance before any example can go on, and its backward pass the whole batch's {@code Σ dY} and {@code Σ dY·x̂},
 * so the batch runs in stages, every example keeping its activations in a workspace of its own:
 *
 * <ol>
 *   <li>forward, for each normalisation in turn: every example up to the layer it normalises, adding its sums into
 *       its chunk's row; the rows added in chunk order give the mean; then the squared deviations the same way
 *       give the variance;</li>
 *   <li>every example through the rest of the network to its logit and cost, and back down to the last
 *       normalisation, whose per-example {@code dγ}, {@code dβ} go into the chunk's gradient arrays;</li>
 *   <li>for each normalisation from the last: the chunks' {@code dγ}, {@code dβ} added in chunk order are the batch
 *       totals; every example goes back through it and down to the one before (or the input).</li>
 * </ol>
 * Chunks depend only on the batch size and every sum runs in chunk order, so the result is the same to the last
 * bit on any number of threads. Memory: one workspace per example of the largest batch (~15 MB each for the
 * 64×64 CNN).
 */
final class NormalisedTraining {

    private final Architecture architecture;
    private final List<ExampleWorkspace> workspaces = new ArrayList<>();
    private final List<BatchStatistics> statistics = new ArrayList<>();
    private final int[] positions;
    private final int layers;

    NormalisedTraining(Architecture architecture) {
        this.architecture = architecture;
        ExampleWorkspace first = new ExampleWorkspace(architecture);
        workspaces.add(first);
        this.positions = first.normalisationPositions();
        this.layers = first.layerCount();
        List<TensorShape> shapes = architecture.outputShapes();
        for (int i = 0; i < architecture.layers().size(); i++) {
            if (architecture.layers().get(i).isNormalised()) {
                TensorShape shape = shapes.get(i);
                statistics.add(new BatchStatistics(shape.height() * shape.width(), shape.channels()));
            }
        }
    }

    /**
     * Runs {@code count} examples forward and backward; chunk c's gradient sums go to {@code chunkGradients.get(c)}
     * (cleared here) and its cost sum to {@code chunkCosts[c]}.
     */
    void run(double[] examples, double[] labels, int count, PreparedWeights weights, DropoutBatch dropout, int threads,
             List<List<double[]>> chunkGradients, double[] chunkCosts) {
        while (workspaces.size() < count) {
            workspaces.add(new ExampleWorkspace(architecture));
        }
        int chunks = ExampleChunks.chunks(count);
        int from = 0;
        for (int s = 0; s < positions.length; s++) {
            int position = positions[s];
            int stage = from;
            BatchStatistics batch = statistics.get(s);
            eachChunk(chunks, count, threads, (c, e) -> {
                ExampleWorkspace ws = workspaces.get(e);
                if (stage == 0) {
                    ws.startTraining(examples, e, dropout, statistics);
                }
                ws.forward(stage, position, weights);
                batch.addSums(c, ws.input(position));
            }, batch::clear);
            batch.reduceMean(chunks, count);
            eachChunk(chunks, count, threads, (c, e) -> batch.addSquaredDeviations(c, workspaces.get(e).input(position)),
                    batch::clear);
            batch.reduceVariance(chunks);
            from = position;
        }
        int top = from;
        int lastNormalisation = positions.length - 1;
        eachChunk(chunks, count, threads, (c, e) -> {
            ExampleWorkspace ws = workspaces.get(e);
            double logit = ws.forward(top, layers, weights);
            chunkCosts[c] += BinaryCrossEntropy.cost(logit, labels[e]);
            ws.startBackward(BinaryCrossEntropy.logitGradient(logit, labels[e]));
            List<double[]> sums = chunkGradients.get(c);
            ws.backward(positions[lastNormalisation] + 1, layers, weights, sums);
            ws.normalisation(lastNormalisation).addParameterGradients(sums);
        }, c -> {
            chunkGradients.get(c).forEach(g -> Arrays.fill(g, 0.0));
            chunkCosts[c] = 0;
        });
        for (int s = lastNormalisation; s >= 0; s--) {
            BatchNormLayer layer = workspaces.get(0).normalisation(s);
            statistics.get(s).reduceGradients(chunkGradients, chunks, layer.gammaArray(), layer.betaArray());
            int below = s > 0 ? positions[s - 1] + 1 : 0;
            int position = positions[s];
            int normalisation = s - 1;
            eachChunk(chunks, count, threads, (c, e) -> {
                ExampleWorkspace ws = workspaces.get(e);
                List<double[]> sums = chunkGradients.get(c);
                ws.backward(below, position + 1, weights, sums);
                if (normalisation >= 0) {
                    ws.normalisation(normalisation).addParameterGradients(sums);
                }
            }, c -> { });
        }
    }

    /** Moves the running mean and variance of every normalisation towards this batch's (after {@link #run}). */
    void updateRunningStatistics(List<double[]> parameters) {
        for (int s = 0; s < positions.length; s++) {
            int gamma = workspaces.get(0).normalisation(s).gammaArray();
            statistics.get(s).updateRunning(parameters.get(gamma + 1), parameters.get(gamma + 2));
        }
    }

    private interface ExampleTask {
        void run(int chunk, int example);
    }

    private interface ChunkStart {
        void run(int chunk);
    }

    /** {@code start(c)} then {@code task(c, e)} for every example e of every chunk c, chunks spread over the threads. */
    private static void eachChunk(int chunks, int count, int threads, ExampleTask task, ChunkStart start) {
        ExampleChunks.run(chunks, threads, c -> {
            start.run(c);
            for (int e = ExampleChunks.start(c, chunks, count); e < ExampleChunks.start(c + 1, chunks, count); e++) {
                task.run(c, e);
            }
        });
    }
}
