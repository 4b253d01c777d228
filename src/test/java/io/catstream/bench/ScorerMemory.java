package io.catstream.bench;

import io.catstream.bench.ScorerRig.Photo;
import io.catstream.model.Classifiers;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ScoringEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of {@code catstream serve} with a model scored by each engine, one scorer JVM per engine (same model, same
 * heap cap, same images): heap used after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), the JVM's own
 * native memory (Native Memory Tracking summary, committed), the process's resident set ({@code VmRSS} and its peak
 * {@code VmHWM} in {@code /proc/PID/status}). ONNX Runtime allocates with malloc outside the JVM, so NMT does not see
 * its session, weights or arena: {@code RSS − NMT committed} holds them (plus the JVM's own untracked memory, the
 * same for both engines), and its difference between the engines is what ONNX Runtime costs.
 * <p>
 * A command, not a test: {@code bench/scorer-memory.sh [--model random-cnn|article|FILE] [--images 1000]
 * [--scorer-heap 256m] [--threads 2] [--engines onnx-runtime,catstream] [--data ../shared/data/article]}.
 */
public final class ScorerMemory {

    private ScorerMemory() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = ScorerRig.options(args);
        int images = Integer.parseInt(opts.getOrDefault("images", "1000"));
        String heap = opts.getOrDefault("scorer-heap", "256m");
        String threads = opts.getOrDefault("threads", "2");
        List<Photo> photos = ScorerRig.photos(Path.of(opts.getOrDefault("data", "../shared/data/article")));
        ModelArtifact model = ScorerRig.benchModel(opts.getOrDefault("model", "random-cnn"));
        List<String> rows = new ArrayList<>();
        for (String engine : opts.getOrDefault("engines", "onnx-runtime,catstream").split(",")) {
            ScoringEngine scoredBy = Classifiers.chosen(model, ScoringEngine.parse(engine));
            List<String> serveArgs = List.of("--stream-threads", threads, "--engine", engine);
            try (ScorerRig rig = ScorerRig.start(model, heap, List.of("-XX:NativeMemoryTracking=summary"), serveArgs)) {
                long idleRss = status(rig.scorer.pid(), "VmRSS");
                LoadGenerator.run(rig, photos, images, 0, "scoring with " + scoredBy);
                rig.jcmd("GC.run");
                String heapInfo = rig.jcmd("GC.heap_info");
                String nmt = rig.jcmd("VM.native_memory", "summary");
                long rss = status(rig.scorer.pid(), "VmRSS");
                long hwm = status(rig.scorer.pid(), "VmHWM");
                long nmtCommitted = kb(nmt, "Total: reserved=\\d+KB, committed=(\\d+)KB");
                long heapUsed = kb(heapInfo, "garbage-first heap\\s+total \\d+K, used (\\d+)K");
                long heapCommitted = kb(nmt, "- +Java Heap \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
                rows.add(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d |", scoredBy, heapUsed / 1024,
                        heapCommitted / 1024, nmtCommitted / 1024, idleRss / 1024, rss / 1024, hwm / 1024,
                        (rss - nmtCommitted) / 1024));
                System.out.println("scorer log: " + rig.log);
            }
        }
        System.out.printf(Locale.ROOT, "%nserve with %s (%s), -Xmx%s, %s stream threads, after %,d images (MB):%n",
                model.describeNetwork(), model.extra().getOrDefault("note", "as given"), heap, threads, images);
        System.out.println("| engine | heap used after GC | heap committed | JVM native (NMT committed) | RSS at start | RSS after | RSS peak | RSS − NMT (outside the JVM's accounting) |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }

    /** A {@code /proc/PID/status} field in kB. */
    private static long status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + pid + "/status");
    }

    private static long kb(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + regex + " in:\n" + text);
        }
        return Long.parseLong(m.group(1));
    }
}
