package io.catstream.bench;

import io.catstream.bench.LoadGenerator.Result;
import io.catstream.bench.ScorerRig.Photo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A soak of the scorer: {@code catstream serve} in its own JVM (heap capped), an article-shape model, real photos at a
 * steady rate for a bounded time, exactly-once, through the embedded broker. Prints per window (default a minute)
 * the throughput and the produce → label visible (read_committed) latency p50/p95/p99, and the heap after a forced GC
 * at the start and at the end: a flat heap is the goal. A command, not a test:
 * {@code bench/soak.sh [--minutes 10] [--rate 200] [--threads 2] [--scorer-heap 256m] [--window-seconds 60]
 * [--data ../shared/data/article]}. Reuses {@link ScorerRig} and {@link LoadGenerator#run} (one run per window).
 */
public final class SoakBenchmark {

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = ScorerRig.options(args);
        int minutes = Integer.parseInt(opts.getOrDefault("minutes", "10"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        int window = Integer.parseInt(opts.getOrDefault("window-seconds", "60"));
        String threads = opts.getOrDefault("threads", "2");
        String heap = opts.getOrDefault("scorer-heap", "256m");
        Path data = Path.of(opts.getOrDefault("data", "../shared/data/article"));
        int windows = Math.max(1, minutes * 60 / window);

        List<Photo> photos = ScorerRig.photos(data);
        try (ScorerRig rig = ScorerRig.start(ScorerRig.articleModel(1), heap, List.of("--stream-threads", threads))) {
            LoadGenerator.run(rig, photos, 600, 0, "warm-up");
            ScorerRig.Heap start = rig.heapAfterGc();
            System.out.printf(Locale.ROOT, "soak: %d × %d s at %d images/s; heap after GC at the start: %s%n", windows, window,
                    rate, start);
            List<Result> results = new ArrayList<>();
            long soakStart = System.nanoTime();
            for (int w = 1; w <= windows; w++) {
                Result r = LoadGenerator.run(rig, photos, rate * window, rate, "window " + w);
                results.add(r);
                Map<String, Double> m = rig.scrape();
                System.out.printf(Locale.ROOT, "  window %d: %.0f images/s, latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms;"
                                + " heap used %.0f MB, live after last GC %.1f MB%n", w, r.count() / r.seconds(), r.p(50), r.p(95),
                        r.p(99), r.p(100), heapUsed(m) / 1e6, m.getOrDefault("jvm_gc_live_data_size_bytes", Double.NaN) / 1e6);
            }
            double seconds = (System.nanoTime() - soakStart) / 1e9;
            ScorerRig.Heap end = rig.heapAfterGc();
            Map<String, Double> m = rig.scrape();
            Result all = combine(results);
            System.out.println();
            System.out.printf(Locale.ROOT, "soak result: %,d images in %.0f s = %.1f images/s (asked %d/s), processing.guarantee exactly_once_v2%n",
                    all.count(), seconds, all.count() / seconds, rate);
            System.out.printf(Locale.ROOT, "  produce → label visible (read_committed): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, "
                    + "max %.0f ms%n", all.p(50), all.p(95), all.p(99), all.p(100));
            System.out.printf(Locale.ROOT, "  heap after GC: start %s%n                 end   %s%n  growth %+.1f MB used, "
                    + "%+.1f MB live%n", start, end, end.usedMb() - start.usedMb(), end.liveMb() - start.liveMb());
            System.out.printf(Locale.ROOT, "  dead letters %.0f, kafka errors %.0f, scorer log %s%n",
                    sum(m, "catstream_images_dead_lettered_total"), sum(m, "catstream_kafka_errors_total"), rig.log);
        }
    }

    private static Result combine(List<Result> results) {
        double[] latencies = results.stream().flatMapToDouble(r -> Arrays.stream(r.latenciesMs())).sorted().toArray();
        int count = results.stream().mapToInt(Result::count).sum();
        double seconds = results.stream().mapToDouble(Result::seconds).sum();
        return new Result(count, seconds, count / seconds, latencies, results.stream().mapToInt(Result::drained).sum(),
                results.stream().mapToDouble(Result::drainSeconds).sum());
    }

    private static double heapUsed(Map<String, Double> m) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double sum(Map<String, Double> m, String name) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(name)).mapToDouble(Map.Entry::getValue).sum();
    }
}
