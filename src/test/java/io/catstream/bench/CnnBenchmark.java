package io.catstream.bench;

import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.LayeredNetwork;
import io.catstream.nn.layered.TensorShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * The issue #7 CNN ({@code conv16,pool,conv32,pool,conv64,pool,dense64,dense1} on 64×64×3) on LayeredNetwork:
 * a training mini-batch of {@value #BATCH} on every core and on one thread, one image scored, and the same image
 * through {@link DirectConvolutionForward} (plain loops). {@link #main} prints examples/s, images/s and the
 * ratios to the baselines measured in the same run. Run: {@code make bench-cnn}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CnnBenchmark {

    static final int BATCH = 32;
    static final Architecture CNN = Architecture.parse("conv16,pool,conv32,pool,conv64,pool,dense64,dense1", new TensorShape(64, 64, 3));

    private LayeredNetwork network;
    private LayeredNetwork oneThread;
    private double[] examples;
    private double[] labels;
    private double[] image;
    private List<double[]> gradients;

    @Setup
    public void setUp() {
        network = LayeredNetwork.initialise(CNN, 1);
        oneThread = network.withThreads(1);
        Random random = new Random(7);
        examples = new double[BATCH * CNN.inputSize()];
        Arrays.setAll(examples, i -> random.nextDouble());
        labels = new double[BATCH];
        Arrays.setAll(labels, i -> i % 2);
        image = Arrays.copyOf(examples, CNN.inputSize());
        gradients = new ArrayList<>();
        network.parameters().forEach(p -> gradients.add(new double[p.length]));
    }

    @Benchmark
    public double trainBatchAllCores() {
        return network.costAndGradients(examples, labels, BATCH, gradients);
    }

    @Benchmark
    public double trainBatchOneThread() {
        return oneThread.costAndGradients(examples, labels, BATCH, gradients);
    }

    @Benchmark
    public double scoreOneImage() {
        return network.probability(image);
    }

    @Benchmark
    public double scoreOneImageDirectLoops() {
        return DirectConvolutionForward.probability(CNN, network.parameters(), image);
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Map<String, Double> perSecond = JmhScores.run(CnnBenchmark.class, args, o -> o);
        double all = perSecond.getOrDefault("trainBatchAllCores", Double.NaN) * BATCH;
        double one = perSecond.getOrDefault("trainBatchOneThread", Double.NaN) * BATCH;
        double score = perSecond.getOrDefault("scoreOneImage", Double.NaN);
        double direct = perSecond.getOrDefault("scoreOneImageDirectLoops", Double.NaN);
        System.out.printf("%n%s, %d processors%n", CNN, Runtime.getRuntime().availableProcessors());
        System.out.printf("training, batch %d, all cores  %8.1f examples/s  (%.2fx one thread; 30 epochs of 1300 images: %.0f s)%n",
                BATCH, all, all / one, 30 * 1300 / all);
        System.out.printf("training, batch %d, one thread %8.1f examples/s%n", BATCH, one);
        System.out.printf("scoring one image             %8.1f images/s    (%.2fx direct loops)%n", score, score / direct);
        System.out.printf("scoring, direct loops         %8.1f images/s%n", direct);
    }
}
