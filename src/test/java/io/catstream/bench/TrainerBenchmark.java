package io.catstream.bench;

import io.catstream.nn.GramDescent;
import io.catstream.nn.LabelledExamples;
import io.catstream.numpy.NdArray;
import io.catstream.nn.NetworkShape;
import io.catstream.numpy.Npz;
import io.catstream.nn.Parameters;
import io.catstream.nn.PlainDescent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * GramDescent on an article-size .npz, timed by phase and compared with NumPy's run of the same data (started by
 * {@code bench/trainer-vs-numpy.sh}). Flags: {@code --data X.npz} (X n_x × m, Y 1 × m), {@code --init init.npz}
 * (NumPy's initial parameters; else {@code Parameters.initialize(shape, 1)}), {@code --numpy-final final.npz},
 * {@code --numpy-best-seconds S}, {@code --numpy-default-seconds S}, {@code --iterations N} (2500),
 * {@code --lr} (0.0075), {@code --hidden 20,7,5,1}.
 */
public final class TrainerBenchmark {

    private TrainerBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --flag value pairs, got " + args[i]);
            }
            flags.put(args[i].substring(2), args[i + 1]);
        }
        int iterations = Integer.parseInt(flags.getOrDefault("iterations", "2500"));
        double lr = Double.parseDouble(flags.getOrDefault("lr", "0.0075"));
        Path data = Path.of(flags.getOrDefault("data", "target/bench/article.npz"));

        long t0 = System.nanoTime();
        Map<String, NdArray> arrays = Npz.read(data);
        DMatrixRMaj x = arrays.get("X").asMatrix();
        LabelledExamples train = new LabelledExamples(CommonOps_DDRM.transpose(x, null), arrays.get("Y").asMatrix().copy());
        arrays.clear();
        x = null;
        NetworkShape shape = NetworkShape.parse(train.featureCount() + "," + flags.getOrDefault("hidden", "20,7,5,1"));
        Parameters init = flags.containsKey("init")
                ? Parameters.fromArrays(Npz.read(Path.of(flags.get("init"))))
                : Parameters.initialize(shape, 1);
        double loadSeconds = seconds(t0);
        System.out.printf("data %s: m = %d, dims %s, %d iterations, lr %s, %d processors, max heap %d MB%n", data, train.size(),
                init.shape(), iterations, lr, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        long t1 = System.nanoTime();
        GramDescent descent = new GramDescent(init, train, lr);
        double precomputeSeconds = seconds(t1);

        long t2 = System.nanoTime();
        double[] costs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            costs[i] = descent.step();
        }
        double iterationSeconds = seconds(t2);

        long t3 = System.nanoTime();
        Parameters result = descent.parameters();
        double materializeSeconds = seconds(t3);
        double total = precomputeSeconds + iterationSeconds + materializeSeconds;

        System.out.printf("kernel: %s%n", descent.kernelName());
        System.out.printf("load (npz + transpose, not counted)   %8.3f s%n", loadSeconds);
        System.out.printf("precompute (G = X·Xᵀ, pack, P0)        %8.3f s%n", precomputeSeconds);
        System.out.printf("iterations (%d)                      %8.3f s  (%.3f ms/iteration)%n", iterations, iterationSeconds,
                1000 * iterationSeconds / Math.max(iterations, 1));
        System.out.printf("materialize W1 = W1(0) + U·X           %8.3f s%n", materializeSeconds);
        System.out.printf("catstream total                        %8.3f s%n", total);
        ratio("NumPy best", flags.get("numpy-best-seconds"), total);
        ratio("NumPy default", flags.get("numpy-default-seconds"), total);
        System.out.printf("catstream final cost: %.17g%n", costs[iterations - 1]);

        if (flags.containsKey("numpy-final") && Files.exists(Path.of(flags.get("numpy-final")))) {
            Map<String, NdArray> numpy = Npz.read(Path.of(flags.get("numpy-final")));
            double[] numpyCosts = numpy.get("costs").data();
            int n = Math.min(numpyCosts.length, iterations);
            double worst = IntStream.range(0, n).mapToDouble(i -> Math.abs(costs[i] - numpyCosts[i]) / Math.abs(numpyCosts[i]))
                    .max().orElse(Double.NaN);
            double ours = costs[n - 1];
            double theirs = numpyCosts[n - 1];
            System.out.printf("NumPy final cost:     %.17g%n", theirs);
            System.out.printf("final cost relative difference: %.3e%n", Math.abs(ours - theirs) / Math.abs(theirs));
            System.out.printf("max relative cost difference over %d iterations: %.3e%n", n, worst);
            printDivergence("catstream vs NumPy", costs, numpyCosts, n);
            if (flags.containsKey("perturb")) {
                // How sensitive is this run to rounding? The same solver from W1[0,0] moved by one ulp: if that
                // parts ways as early as NumPy does, no float64 implementation can match NumPy's end point except
                // by repeating its exact operation order.
                Parameters nudged = init.copy();
                double[] w = nudged.weights(1).data;
                w[0] = Math.nextUp(w[0]);
                GramDescent twin = new GramDescent(nudged, train, lr);
                double[] twinCosts = new double[n];
                for (int i = 0; i < n; i++) {
                    twinCosts[i] = twin.step();
                }
                printDivergence("catstream vs catstream with W1[0,0] one ulp up", twinCosts, costs, n);
            }
            if (flags.containsKey("plain-check")) {
                // The plain transcription is the oracle: where the Gram solver and NumPy part ways, plain must too
                // if the dynamics themselves amplify rounding (lr 0.0075 makes this run oscillate).
                int k = Math.min(n, Integer.parseInt(flags.get("plain-check")));
                PlainDescent plain = new PlainDescent(init, train, lr);
                double[] plainCosts = new double[k];
                long tp = System.nanoTime();
                for (int i = 0; i < k; i++) {
                    plainCosts[i] = plain.step();
                }
                System.out.printf("plain solver: %d iterations in %.1f s%n", k, seconds(tp));
                printDivergence("plain vs NumPy", plainCosts, numpyCosts, k);
                printDivergence("plain vs gram", plainCosts, costs, k);
            }
            if (n == numpyCosts.length) {
                Map<String, NdArray> ourArrays = result.toArrays();
                for (Map.Entry<String, NdArray> e : ourArrays.entrySet()) {
                    double[] want = numpy.get(e.getKey()).data();
                    double[] got = e.getValue().data();
                    double scale = 0;
                    for (double v : want) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    double worstParam = 0;
                    for (int i = 0; i < want.length; i++) {
                        worstParam = Math.max(worstParam, Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), scale));
                    }
                    System.out.printf("  %s max |ours − numpy| / max(|numpy|, max|numpy %s|) = %.2e%n", e.getKey(), e.getKey(), worstParam);
                }
            }
        }
    }

    /** The first iteration at which two cost sequences differ by more than 1e-12, 1e-9, 1e-6 and 1e-3 relative. */
    private static void printDivergence(String what, double[] a, double[] b, int n) {
        StringBuilder line = new StringBuilder(what + ": first iteration with relative cost difference above");
        for (double threshold : new double[] {1e-12, 1e-9, 1e-6, 1e-3}) {
            int first = -1;
            for (int i = 0; i < n && first < 0; i++) {
                if (Math.abs(a[i] - b[i]) > threshold * Math.abs(b[i])) {
                    first = i;
                }
            }
            line.append(String.format(" %.0e: %s;", threshold, first < 0 ? "none" : String.valueOf(first)));
        }
        System.out.println(line);
    }

    private static void ratio(String name, String numpySeconds, double ours) {
        if (numpySeconds != null && !numpySeconds.isBlank()) {
            double numpy = Double.parseDouble(numpySeconds);
            System.out.printf("vs %-14s %8.3f s: catstream/NumPy = %.4f (%.1fx faster)%n", name, numpy, ours / numpy, numpy / ours);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
