package io.catstream.bench;

import io.catstream.model.Classifiers;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ScoringEngine;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.Classifier;
import io.catstream.nn.layered.LayeredNetwork;
import io.catstream.nn.layered.TensorShape;
import io.catstream.onnx.OnnxClassifier;
import io.catstream.onnx.OnnxExport;
import io.catstream.onnx.OnnxGraph;
import io.catstream.onnx.OutputRule;
import io.catstream.onnx.TensorLayout;
import io.catstream.train.Recipe;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * The recommended CNN (the {@code cnn} recipe, batch normalisation folded as a model file stores it:
 * {@code conv32,pool,conv64,pool,conv128,pool,dense128,dense1} on 64×64×3) scoring one image on one thread, by
 * catstream's engine ({@link LayeredNetwork}) and by ONNX Runtime on the same weights ({@code export-onnx}'s graph,
 * the scorer's session options); and the article's dense network by both engines ({@code Classifiers.of}), which
 * decides what {@code --engine auto} picks for dense networks. {@link #main} prints images/s and the ratios. Run:
 * {@code make bench-onnx}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OnnxBenchmark {

    static final Architecture CNN = Recipe.CNN.architecture().withoutNormalisation();
    static final int SIZE = CNN.input().height();

    private LayeredNetwork catstream;
    private OnnxClassifier onnx;
    private double[] image;
    private Classifier articleCatstream;
    private Classifier articleOnnx;
    private double[] articleImage;

    @Setup
    public void setUp() {
        catstream = LayeredNetwork.initialise(CNN, 1).withThreads(1);
        byte[] graph = OnnxExport.of(CNN, catstream.parameters(), SIZE, null, "bench");
        onnx = OnnxClassifier.open(new OnnxGraph(graph, TensorLayout.NCHW, OutputRule.SIGMOID), SIZE);
        Random random = new Random(7);
        image = new double[CNN.inputSize()];
        Arrays.setAll(image, i -> random.nextDouble());
        // the article network (49152,20,7,5,1 at 128×128): which engine auto picks for dense networks
        ModelArtifact article = ModelArtifact.of("article", InputContract.rgb(128), TestModels.trainingFacts(),
                Parameters.initialize(NetworkShape.ARTICLE, 1));
        articleCatstream = Classifiers.of(article, ScoringEngine.CATSTREAM);
        articleOnnx = Classifiers.of(article, ScoringEngine.ONNX_RUNTIME);
        articleImage = new double[articleCatstream.inputSize()];
        Arrays.setAll(articleImage, i -> random.nextDouble());
    }

    @TearDown
    public void tearDown() {
        onnx.close();
        Classifiers.close(articleOnnx);
    }

    @Benchmark
    public double catstreamEngine() {
        return catstream.probability(image);
    }

    @Benchmark
    public double onnxRuntime() {
        return onnx.probability(image);
    }

    @Benchmark
    public double articleCatstreamEngine() {
        return articleCatstream.probability(articleImage);
    }

    @Benchmark
    public double articleOnnxRuntime() {
        return articleOnnx.probability(articleImage);
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Map<String, Double> perSecond = JmhScores.run(OnnxBenchmark.class, args, o -> o);
        printRatio(CNN.toString(), perSecond.getOrDefault("catstreamEngine", Double.NaN),
                perSecond.getOrDefault("onnxRuntime", Double.NaN));
        printRatio("the article network " + NetworkShape.ARTICLE, perSecond.getOrDefault("articleCatstreamEngine", Double.NaN),
                perSecond.getOrDefault("articleOnnxRuntime", Double.NaN));
    }

    private static void printRatio(String network, double ours, double ort) {
        System.out.printf("%n%s, one image at a time, one thread%n", network);
        System.out.printf("catstream engine (float64)     %8.1f images/s%n", ours);
        System.out.printf("ONNX Runtime 1.20 (float32)    %8.1f images/s  (%.2fx catstream)%n", ort, ort / ours);
    }
}
