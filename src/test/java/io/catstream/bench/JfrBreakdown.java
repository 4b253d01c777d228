package io.catstream.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went, from a JFR recording: the share of {@code jdk.ExecutionSample}s by area of the scorer
 * (decode, resize, forward, thumbnails, JSON, Kafka producer/consumer/Streams, …), the CPU of each thread group
 * ({@code jdk.ThreadCPULoad}) and of the GC ({@code jdk.GCCPUTime}). An execution sample is attributed to the first
 * area, in the order below, that any frame of its stack belongs to: a JSON serialiser called by the producer counts
 * as JSON, a CRC computed by the producer as the producer. A command ({@code java … JfrBreakdown FILE.jfr}) and a
 * library of {@link StreamingBenchmark}.
 */
final class JfrBreakdown {

    /** An area of the scorer and how to recognise one of its frames ({@code class.method}). */
    private record Area(String name, Predicate<String> frame) {
    }

    private static final String DECODE = "decode (ImageIO/TwelveMonkeys, RGB, EXIF)";
    private static final List<Area> AREAS = List.of(
            area("web view thumbnails", "io.catstream.web.Thumbnail", "io.catstream.web.RecentScores"),
            area("HTTP (/metrics, /api/status)", "io.catstream.web.HttpEndpoints", "com.sun.net.httpserver", "sun.net.httpserver"),
            area(DECODE, "io.catstream.image.ImageDecoder", "io.catstream.image.RgbConverter",
                    "io.catstream.image.ExifOrientationReader", "io.catstream.image.ImageFormat", "com.twelvemonkeys",
                    "javax.imageio", "com.sun.imageio"),
            area("resize (Pillow bilinear)", "io.catstream.image.PillowBilinearResizer"),
            area("/255", "io.catstream.image.ImagePreprocessor.scale"),
            area("forward pass", "io.catstream.nn", "io.catstream.linalg"),
            area("label / accuracy JSON (Jackson)", "com.fasterxml", "io.catstream.stream.JsonSerdes",
                    "io.catstream.stream.Label.toJson", "io.catstream.stream.Label.fromJson"),
            area("metrics (Micrometer)", "io.micrometer", "io.catstream.metrics.ScoringMetrics"),
            area("logging", "org.slf4j", "ch.qos.logback", "org.apache.log4j", "org.apache.logging"),
            area("state stores (RocksDB, caches, changelog records)", "org.apache.kafka.streams.state", "org.rocksdb",
                    "org.apache.kafka.streams.kstream.internals.KStreamWindowAggregate",
                    "org.apache.kafka.streams.processor.internals.ProcessorStateManager"),
            area("Kafka producer (send, transactions)", "org.apache.kafka.clients.producer"),
            area("Kafka consumer (poll, fetch, decode batches)", "org.apache.kafka.clients.consumer"),
            area("Kafka network client", "org.apache.kafka.clients.NetworkClient", "org.apache.kafka.common.network"),
            area("truth join (read, join, accuracy deltas, gate feed)", "io.catstream.stream.TruthReader",
                    "io.catstream.stream.TruthJoinProcessor", "io.catstream.stream.AccuracyDeltas", "io.catstream.stream.GateFeed",
                    "io.catstream.metrics.TruthMetrics"),
            area("Kafka Streams (task loop, commit, record plumbing)", "org.apache.kafka.streams"),
            area("scorer glue (Scorer, processor, headers)", "io.catstream"),
            area("Kafka (other)", "org.apache.kafka"));
    private static final String OTHER = "other (JDK, JFR, unattributed)";

    private static Area area(String name, String... prefixes) {
        return new Area(name, frame -> {
            for (String p : prefixes) {
                if (frame.startsWith(p)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** What one recording says. */
    record Breakdown(Duration length, int samples, Map<String, Integer> byArea, Map<String, Integer> byThread,
                     Map<String, Double> cpuByThread, double gcCpuSeconds, double jvmCpuShare, int cores,
                     double samplePeriodMillis) {

        /** Sampled CPU of {@code area} per image, µs: its samples times the sampling period, over the run's images. */
        double microsPerImage(String area, int images) {
            return byArea.getOrDefault(area, 0) * samplePeriodMillis * 1e3 / images;
        }

        /** A Markdown table: area, share of the samples; then threads and GC. */
        String table() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "JFR: %d execution samples over %.1f s; JVM CPU %.0f %% of %d cores, GC threads "
                    + "%.1f CPU-s%n", samples, length.toMillis() / 1e3, 100 * jvmCpuShare, cores, gcCpuSeconds));
            out.append("| area | % of samples |\n| --- | --- |\n");
            byArea.forEach((a, n) -> out.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", a, 100.0 * n / samples)));
            out.append("| thread group | % of samples | CPU (JFR ThreadCPULoad, % of one core) |\n| --- | --- | --- |\n");
            java.util.Set<String> groups = new java.util.TreeSet<>(byThread.keySet());
            cpuByThread.forEach((t, load) -> {
                if (load * cores >= 0.01) {
                    groups.add(t);
                }
            });
            groups.forEach(t -> out.append(String.format(Locale.ROOT, "| %s | %.1f %% | %.0f %% |%n", t,
                    100.0 * byThread.getOrDefault(t, 0) / samples, 100 * cores * cpuByThread.getOrDefault(t, 0.0))));
            return out.toString();
        }
    }

    private JfrBreakdown() {
    }

    /**
     * Two runs side by side, as sampled CPU per image (samples × period / images) by area: where a feature's cost goes
     * (e.g. the truth join: a run without truth and one with). Sampling misses native code and counts a thread once per
     * period, so the totals come out under the processes' CPU; the differences between areas are what it is for.
     */
    static String compare(Breakdown without, int imagesWithout, Breakdown with, int imagesWith) {
        java.util.Set<String> areas = new java.util.LinkedHashSet<>(without.byArea().keySet());
        areas.addAll(with.byArea().keySet());
        StringBuilder out = new StringBuilder("| area | µs per image without | with | difference |\n| --- | --- | --- | --- |\n");
        double totalWithout = 0;
        double totalWith = 0;
        for (String a : areas) {
            double before = without.microsPerImage(a, imagesWithout);
            double after = with.microsPerImage(a, imagesWith);
            totalWithout += before;
            totalWith += after;
            out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %+.0f |%n", a, before, after, after - before));
        }
        out.append(String.format(Locale.ROOT, "| all sampled | %.0f | %.0f | %+.0f |%n", totalWithout, totalWith, totalWith - totalWithout));
        out.append(String.format(Locale.ROOT, "GC threads: %.0f µs per image without, %.0f with%n",
                without.gcCpuSeconds() * 1e6 / imagesWithout, with.gcCpuSeconds() * 1e6 / imagesWith));
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        for (String file : args) {
            System.out.println(file);
            System.out.println(read(Path.of(file)).table());
        }
    }

    static Breakdown read(Path recording) throws IOException {
        Map<String, Integer> byArea = new LinkedHashMap<>();
        AREAS.forEach(a -> byArea.put(a.name(), 0));
        byArea.put(OTHER, 0);
        Map<String, Integer> byThread = new TreeMap<>();
        Map<String, List<Double>> cpuByName = new TreeMap<>();
        double gcSeconds = 0;
        double jvmShareSum = 0;
        int jvmShareCount = 0;
        int samples = 0;
        int nativeDecode = 0;
        Map<Long, String> periods = new LinkedHashMap<>();
        Instant first = null;
        Instant last = null;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
            last = last == null || e.getEndTime().isAfter(last) ? e.getEndTime() : last;
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    byArea.merge(areaOf(e.getStackTrace()), 1, Integer::sum);
                    byThread.merge(threadGroup(e.getThread("sampledThread").getJavaName()), 1, Integer::sum);
                }
                // JFR samples Java code only; a thread in native code is a NativeMethodSample, nearly always a wait
                // (epoll, socket), except the JDK's libjpeg decoding a JPEG: that one is CPU of the decode stage
                case "jdk.NativeMethodSample" -> {
                    if (DECODE.equals(areaOf(e.getStackTrace()))) {
                        nativeDecode++;
                    }
                }
                case "jdk.ActiveSetting" -> {
                    if ("period".equals(e.getString("name"))) {
                        periods.put(e.getLong("id"), e.getString("value"));
                    }
                }
                case "jdk.ThreadCPULoad" -> cpuByName.computeIfAbsent(String.valueOf(e.getThread("eventThread").getJavaName()),
                        k -> new ArrayList<>()).add(e.getDouble("user") + e.getDouble("system"));
                case "jdk.GCCPUTime" -> gcSeconds += (e.getLong("userTime") + e.getLong("systemTime")) / 1e9;
                case "jdk.CPULoad" -> {
                    jvmShareSum += e.getDouble("jvmUser") + e.getDouble("jvmSystem");
                    jvmShareCount++;
                }
                default -> {
                }
            }
        }
        // native samples come at their own period: count each as (native period / execution period) samples
        Map<String, Long> typeIds = new LinkedHashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            file.readEventTypes().forEach(t -> typeIds.put(t.getName(), t.getId()));
        }
        double ratio = millis(periods.get(typeIds.get("jdk.NativeMethodSample")), 20)
                / millis(periods.get(typeIds.get("jdk.ExecutionSample")), 20);
        int nativeAsSamples = (int) Math.round(nativeDecode * ratio);
        byArea.merge(DECODE, nativeAsSamples, Integer::sum);
        byThread.merge("stream threads", nativeAsSamples, Integer::sum);
        samples += nativeAsSamples;
        byArea.values().removeIf(n -> n == 0);
        // one ThreadCPULoad value per thread and period (a share of the whole machine): a group's load is the sum over its
        // threads of each thread's mean
        Map<String, Double> cpuByThread = new TreeMap<>();
        cpuByName.forEach((name, values) -> cpuByThread.merge(threadGroup(name),
                values.stream().mapToDouble(Double::doubleValue).average().orElse(0), Double::sum));
        int cores = Runtime.getRuntime().availableProcessors();
        return new Breakdown(first == null ? Duration.ZERO : Duration.between(first, last), samples, byArea, byThread,
                cpuByThread, gcSeconds, jvmShareCount == 0 ? Double.NaN : jvmShareSum / jvmShareCount, cores,
                millis(periods.get(typeIds.get("jdk.ExecutionSample")), 20));
    }

    /** "20 ms" → 20; {@code fallback} when absent or not in ms. */
    private static double millis(String period, double fallback) {
        if (period == null || !period.endsWith(" ms")) {
            return fallback;
        }
        return Double.parseDouble(period.substring(0, period.length() - 3).trim());
    }

    private static String areaOf(RecordedStackTrace stack) {
        if (stack == null) {
            return OTHER;
        }
        List<String> frames = new ArrayList<>();
        for (RecordedFrame f : stack.getFrames()) {
            frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
        }
        for (Area a : AREAS) {
            for (String f : frames) {
                if (a.frame().test(f)) {
                    return a.name();
                }
            }
        }
        return OTHER;
    }

    /** Thread name without its instance-specific parts: "StreamThread-1" → "stream threads". */
    static String threadGroup(String name) {
        if (name == null) {
            return "?";
        }
        if (name.contains("StreamThread") && name.contains("producer")) {
            return "producer network threads";
        }
        if (name.contains("GlobalStreamThread")) {
            return "global stream thread (model store)";
        }
        if (name.contains("StreamThread")) {
            return "stream threads";
        }
        if (name.startsWith("kafka-producer-network-thread")) {
            return "producer network threads";
        }
        if (name.contains("C2 CompilerThread") || name.contains("C1 CompilerThread")) {
            return "JIT compiler threads";
        }
        if (name.startsWith("HTTP-Dispatcher") || name.startsWith("catstream-http")) {
            return "HTTP";
        }
        return "other: " + name.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "…").replaceAll("-?\\d+$", "");
    }
}
