package io.catstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU of this JVM's threads, grouped by name with instance numbers removed ("data-plane-kafka-request-handler-3" →
 * "data-plane-kafka-request-handler-#"): which of the embedded broker's threads, the load generator's or the truth
 * producer's take the CPU a feature adds (e.g. the truth records of {@link StreamingBenchmark}'s (e)). Exact thread
 * CPU ({@link ThreadMXBean}), not samples; a thread that starts and ends between two snapshots is not seen.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> nanosById;
    private final Map<Long, String> nameById;

    private ThreadCpu(Map<Long, Long> nanosById, Map<Long, String> nameById) {
        this.nanosById = nanosById;
        this.nameById = nameById;
    }

    static ThreadCpu snapshot() {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return new ThreadCpu(nanos, names);
    }

    /** CPU nanoseconds so far of the threads named exactly {@code name}, e.g. a producer's network thread. */
    long nanosOf(String name) {
        return nanosById.entrySet().stream().filter(e -> name.equals(nameById.get(e.getKey())))
                .mapToLong(Map.Entry::getValue).sum();
    }

    static String group(String name) {
        return name.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "…").replaceAll("\\d+", "#");
    }

    /** CPU nanoseconds per group between {@code before} and this snapshot. */
    Map<String, Long> since(ThreadCpu before) {
        Map<String, Long> byGroup = new TreeMap<>();
        nanosById.forEach((id, nanos) -> byGroup.merge(group(nameById.get(id)), nanos - before.nanosById.getOrDefault(id, 0L), Long::sum));
        return byGroup;
    }

    /**
     * Two intervals side by side, µs of CPU per image by thread group, the groups with the largest difference first,
     * down to {@code rows} of them; the rest summed in one line.
     */
    static String compare(Map<String, Long> without, int imagesWithout, Map<String, Long> with, int imagesWith, int rows) {
        Map<String, double[]> perImage = new HashMap<>();
        without.forEach((g, n) -> perImage.computeIfAbsent(g, k -> new double[2])[0] = n / 1e3 / imagesWithout);
        with.forEach((g, n) -> perImage.computeIfAbsent(g, k -> new double[2])[1] = n / 1e3 / imagesWith);
        StringBuilder out = new StringBuilder("| thread group | µs per image without | with | difference |\n| --- | --- | --- | --- |\n");
        double[] rest = new double[2];
        double[] total = new double[2];
        int[] shown = {0};
        perImage.entrySet().stream()
                .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -Math.abs(e.getValue()[1] - e.getValue()[0])))
                .forEach(e -> {
                    double[] v = e.getValue();
                    total[0] += v[0];
                    total[1] += v[1];
                    if (shown[0]++ < rows) {
                        out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %+.0f |%n", e.getKey(), v[0], v[1], v[1] - v[0]));
                    } else {
                        rest[0] += v[0];
                        rest[1] += v[1];
                    }
                });
        out.append(String.format(Locale.ROOT, "| %d other groups | %.0f | %.0f | %+.0f |%n", Math.max(0, shown[0] - rows), rest[0], rest[1], rest[1] - rest[0]));
        out.append(String.format(Locale.ROOT, "| all threads seen | %.0f | %.0f | %+.0f |%n", total[0], total[1], total[1] - total[0]));
        return out.toString();
    }
}
