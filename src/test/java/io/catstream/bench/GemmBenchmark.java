package io.catstream.bench;

import io.catstream.linalg.ScalarTransBGemm;
import io.catstream.linalg.TransBGemm;
import io.catstream.linalg.VectorTransBGemm;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The Gram trainer's per-iteration product {@code Z = U·G} (20 × 1323 · 1323 × 1323, G symmetric) with the
 * Vector API kernel (G packed once, as GramDescent does), the scalar kernel and EJML's multithreaded
 * {@code mult}; {@link #main} prints each as a ratio to EJML MT and as GFLOPS. Run: {@code bench/jmh.sh}
 * (extra arguments go to JMH, e.g. {@code -f 1 -wi 2 -i 3}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmBenchmark {

    @Param({"2"})
    public int threads;

    private DMatrixRMaj u;
    private DMatrixRMaj g;
    private DMatrixRMaj z;
    private TransBGemm vector;
    private TransBGemm scalar;
    private TransBGemm.PackedTransB packedForVector;
    private TransBGemm.PackedTransB packedForScalar;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        u = RandomMatrices_DDRM.rectangle(20, 1323, -1, 1, random);
        DMatrixRMaj x = RandomMatrices_DDRM.rectangle(1323, 200, 0, 1, random);
        g = new DMatrixRMaj(1323, 1323);
        CommonOps_DDRM.multTransB(x, x, g);
        z = new DMatrixRMaj(20, 1323);
        vector = new VectorTransBGemm(threads);
        scalar = new ScalarTransBGemm(threads);
        packedForVector = vector.pack(g);
        packedForScalar = scalar.pack(g);
    }

    @Benchmark
    public DMatrixRMaj vectorKernel() {
        vector.multTransB(u, packedForVector, z);
        return z;
    }

    @Benchmark
    public DMatrixRMaj scalarKernel() {
        scalar.multTransB(u, packedForScalar, z);
        return z;
    }

    @Benchmark
    public DMatrixRMaj ejmlMultithreaded() {
        CommonOps_MT_DDRM.mult(u, g, z);
        return z;
    }

    public static void main(String[] args) throws RunnerException, org.openjdk.jmh.runner.options.CommandLineOptionException {
        Map<String, Double> millis = JmhScores.run(GemmBenchmark.class, args, o -> o);
        double flop = 2.0 * 20 * 1323 * 1323;
        double ejml = millis.getOrDefault("ejmlMultithreaded", Double.NaN);
        System.out.printf("%nZ = U·G, 20 × 1323 × 1323, %d processors%n", Runtime.getRuntime().availableProcessors());
        for (String name : new String[] {"vectorKernel", "scalarKernel", "ejmlMultithreaded"}) {
            double ms = millis.getOrDefault(name, Double.NaN);
            System.out.printf("%-18s %8.3f ms  %6.1f GFLOPS  EJML MT / this = %5.2fx%n", name, ms, flop / (ms * 1e6), ejml / ms);
        }
    }
}
