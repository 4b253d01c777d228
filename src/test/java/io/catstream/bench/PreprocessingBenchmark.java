package io.catstream.bench;

import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingStages;
import io.catstream.image.RgbImage;
import io.catstream.linalg.MatrixVectorProduct;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.linalg.ScalarMatrixVectorProduct;
import io.catstream.nn.SingleExampleForward;
import io.catstream.send.ImageSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The scorer's per-image work on real photos, one thread: each stage (decode, RGB conversion, resize, /255, forward) and
 * the whole image (preprocessing + forward), each new implementation next to the one it replaced, measured in the
 * same run; {@link #main} prints µs per image and the ratios. Photos: every third of {@code ../shared/data/article}
 * (up to 400; {@code -Dcatstream.bench.data=DIR} for another folder), cycled per invocation. Run:
 * {@code bench/jmh.sh PreprocessingBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PreprocessingBenchmark {

    static final String DATA_PROPERTY = "catstream.bench.data";

    @Param({"../shared/data/article"})
    public String data;

    private final List<byte[]> photos = new ArrayList<>();
    private final List<BufferedImage> decoded = new ArrayList<>();
    private final List<BufferedImage> decodedBaseline = new ArrayList<>();
    private final List<byte[]> resized = new ArrayList<>();
    private final List<RgbImage> rgb = new ArrayList<>();
    private final List<double[]> features = new ArrayList<>();
    private ImagePreprocessor preprocessor;
    private Parameters parameters;
    private double[] scratch;
    private double[][] workspace;
    private MatrixVectorProduct scalar;
    private MatrixVectorProduct fastest;
    private int next;

    @Setup
    public void setUp() throws IOException {
        List<ImageSource> sources = ImageSource.collect(List.of(Path.of(data)));
        for (int i = 0; photos.size() < 400 && i * 3 < sources.size(); i++) {
            byte[] bytes = Files.readAllBytes(sources.get(i * 3).file());
            photos.add(bytes);
            BufferedImage image = PreprocessingStages.decode(bytes);
            decoded.add(image);
            decodedBaseline.add(PreprocessingStages.decodeBaseline(bytes));
            rgb.add(PreprocessingStages.toRgb(image));
            resized.add(PreprocessingStages.resize(rgb.get(rgb.size() - 1), 128).pixels());
        }
        preprocessor = ImagePreprocessor.withDefaults();
        for (byte[] photo : photos) {
            features.add(preprocessor.toFeatures(photo));
        }
        parameters = Parameters.initialize(NetworkShape.ARTICLE, 1);
        scratch = new double[NetworkShape.ARTICLE.inputSize()];
        workspace = SingleExampleForward.workspace(NetworkShape.ARTICLE);
        scalar = new ScalarMatrixVectorProduct();
        fastest = SingleExampleForward.kernel();
    }

    private int nextPhoto() {
        int i = next;
        next = i + 1 == photos.size() ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public BufferedImage decodeBaseline() {
        return PreprocessingStages.decodeBaseline(photos.get(nextPhoto()));
    }

    @Benchmark
    public BufferedImage decodeRgbOrder() {
        return PreprocessingStages.decode(photos.get(nextPhoto()));
    }

    /** The generic conversion of the reader's own type, as before. */
    @Benchmark
    public RgbImage convertGeneric() {
        return PreprocessingStages.toRgbGeneric(decodedBaseline.get(nextPhoto()));
    }

    /** The fast path on the reader's own type (3BYTE_BGR): the array copy alone. */
    @Benchmark
    public RgbImage convertFastBgr() {
        return PreprocessingStages.toRgb(decodedBaseline.get(nextPhoto()));
    }

    /** What the scorer does now: the RGB-order image decoded by ImageDecoder, shared without a copy. */
    @Benchmark
    public RgbImage convertFast() {
        return PreprocessingStages.toRgb(decoded.get(nextPhoto()));
    }

    @Benchmark
    public RgbImage resizeBaseline() {
        return PreprocessingStages.resizeBaseline(rgb.get(nextPhoto()), 128);
    }

    /** The resize before the Vector API rows: cached tables, scalar vertical pass. */
    @Benchmark
    public RgbImage resizeScalarRows() {
        return PreprocessingStages.resizeScalarRows(rgb.get(nextPhoto()), 128);
    }

    /** What the scorer runs: the Vector API vertical pass when the module is present. */
    @Benchmark
    public RgbImage resizeCached() {
        return PreprocessingStages.resize(rgb.get(nextPhoto()), 128);
    }

    @Benchmark
    public double[] scaleByDivision() {
        PreprocessingStages.scaleByDivision(resized.get(nextPhoto()), scratch);
        return scratch;
    }

    @Benchmark
    public double[] scaleByTable() {
        PreprocessingStages.scaleByTable(resized.get(nextPhoto()), scratch);
        return scratch;
    }

    @Benchmark
    public double forwardScalar() {
        return SingleExampleForward.probability(parameters, features.get(nextPhoto()), workspace, scalar);
    }

    @Benchmark
    public double forwardFastest() {
        return SingleExampleForward.probability(parameters, features.get(nextPhoto()), workspace, fastest);
    }

    @Benchmark
    public double imageBaseline() {
        PreprocessingStages.writeFeaturesBaseline(photos.get(nextPhoto()), 128, scratch);
        return SingleExampleForward.probability(parameters, scratch, workspace, scalar);
    }

    @Benchmark
    public double imageCurrent() {
        preprocessor.writeFeatures(photos.get(nextPhoto()), scratch, 0);
        return SingleExampleForward.probability(parameters, scratch, workspace, fastest);
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty(DATA_PROPERTY, "../shared/data/article"));
        if (!Files.isDirectory(data)) {
            System.out.println("PreprocessingBenchmark skipped: no photos at " + data.toAbsolutePath()
                    + " (the article data set; -D" + DATA_PROPERTY + "=DIR for another folder)");
            return;
        }
        Map<String, Double> micros = JmhScores.run(PreprocessingBenchmark.class, args,
                o -> o.param("data", data.toAbsolutePath().toString()));
        System.out.printf(Locale.ROOT, "%nper image, one thread, photos from %s (forward kernel: %s)%n", data,
                SingleExampleForwardKernelName.NAME);
        String[][] pairs = {{"decodeBaseline", "decodeRgbOrder"}, {"convertGeneric", "convertFastBgr"}, {"convertGeneric", "convertFast"},
                {"resizeBaseline", "resizeCached"}, {"resizeScalarRows", "resizeCached"}, {"scaleByDivision", "scaleByTable"}, {"forwardScalar", "forwardFastest"},
                {"imageBaseline", "imageCurrent"}};
        for (String[] pair : pairs) {
            double before = micros.getOrDefault(pair[0], Double.NaN);
            double after = micros.getOrDefault(pair[1], Double.NaN);
            System.out.printf(Locale.ROOT, "%-15s %8.1f µs  →  %-15s %8.1f µs   %5.2fx faster%n", pair[0], before,
                    pair[1], after, before / after);
        }
    }

    /** The kernel name as the forked JVMs see it (this JVM was started with the same module flag by bench/jmh.sh). */
    private static final class SingleExampleForwardKernelName {
        static final String NAME = SingleExampleForward.kernel().name();
    }
}
