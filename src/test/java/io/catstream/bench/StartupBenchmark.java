package io.catstream.bench;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import io.catstream.stream.ImageFlow;
import io.catstream.stream.ScorerProcess;
import io.catstream.stream.ScorerRecovery;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.StreamTestKit;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/startup.sh}: where a restarted scorer's seconds go, and what AppCDS takes off them (issue #18). One
 * embedded broker, the tiny test model, images at {@code --rate}/s; per variant one {@code catstream serve} (2 stream
 * threads, -Xmx256m, its own application id, instance id and state directory) started once (the launcher's first serve
 * writes the AppCDS archive before its streams start), then {@code --runs} times SIGKILLed and started again at once:
 * every counted start is a restart right after a SIGKILL, as in {@code ScorerRestartIT}; the other variants' scorers
 * keep scoring meanwhile (a few % of a core at 30 images/s). Rounds are interleaved (variant a, b, c, a, b, c, ...)
 * so that the load of a shared machine hits every variant alike. Printed: each start's milestones (serve's {@code start-up:} line, ms since the JVM started)
 * and its time from process start to {@code /health} 200, then the medians per variant.
 * <p>
 * Variants: {@code classpath} ({@code java -cp target/classes:…jars}, as the crash ITs start serve), {@code launcher}
 * ({@code bin/catstream serve} with {@code CATSTREAM_CDS=off}: the shaded jar), {@code launcher+cds} ({@code bin/catstream
 * serve} as shipped: the archive its first start wrote), {@code before} ({@code --before-launcher}: another checkout's
 * bin/catstream and jar, CDS off: the code before a change, started the same way).
 */
public final class StartupBenchmark {

    private static final Pattern MILESTONE = Pattern.compile("(.+) (\\d+) ms");
    private static final String PREFIX = "startup.";

    private StartupBenchmark() {
    }

    /** One way to start serve: {@code java -cp} when {@code launcher} is null. */
    private record Variant(String name, Path launcher, boolean cds) {
    }

    /**
     * One counted start: its milestones (ms since the JVM started), process start to /health 200, and the CPU time the
     * scorer JVM had used when its start-up line was seen (user + system, from /proc: on a loaded machine the wall
     * times measure the neighbours, the CPU time measures the start).
     */
    private record Start(Map<String, Long> milestones, long healthyMillis, long cpuMillis) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = ScorerRig.options(args);
        int runs = Integer.parseInt(opts.getOrDefault("runs", "3"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "30"));
        Path launcher = Path.of(opts.getOrDefault("launcher", "bin/catstream")).toAbsolutePath();
        // e.g. "-Xlog:class+load:file=target/startup-bench/classes-%p.txt": where each launcher start's classes came from
        String javaOpts = opts.getOrDefault("java-opts", "");
        // "before": another checkout's bin/catstream (its own jar), CDS off, e.g. the commit before a change
        String before = opts.get("before-launcher");
        List<Variant> variants = new ArrayList<>();
        for (String name : opts.getOrDefault("variants", "classpath,launcher,launcher+cds").split(",")) {
            Path path = name.equals("before") ? Path.of(before).toAbsolutePath() : name.startsWith("launcher") ? launcher : null;
            variants.add(new Variant(name, path, name.endsWith("+cds")));
        }
        Path work = Files.createDirectories(Path.of("target", "startup-bench"));
        System.out.printf("startup: %d counted restarts after SIGKILL per variant %s, images at %.0f/s; %s%n", runs,
                variants.stream().map(Variant::name).toList(), rate, RecoveryBenchmark.load());

        Map<String, List<Start>> starts = new LinkedHashMap<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
            ScoringTopics topics = StreamTestKit.createTopics(settings, PREFIX);
            StreamTestKit.publish(settings, topics, StreamTestKit.tinyModel(1));
            Map<String, Map<String, String>> envs = new LinkedHashMap<>();
            Map<String, List<String>> argsOf = new LinkedHashMap<>();
            for (Variant v : variants) {
                String id = "startup-" + v.name().replace('+', '-');
                argsOf.put(v.name(), List.of("--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX,
                        "--model-name", StreamTestKit.MODEL, "--application-id", id + "-scorer", "--stream-threads", "2",
                        "--instance-id", id, "--state-dir", StreamTestKit.tempDir(id + "-state-").toString()));
                envs.put(v.name(), Map.of("CATSTREAM_CDS", v.cds() ? "on" : "off",
                        "CATSTREAM_CDS_DIR", StreamTestKit.tempDir(id + "-cds-").toString(), "CATSTREAM_JAVA_OPTS", javaOpts));
                starts.put(v.name(), new ArrayList<>());
            }
            Map<String, ScorerProcess> running = new LinkedHashMap<>();
            try (ImageFlow flow = ImageFlow.start(settings, topics.images(), "startup", rate, 0, ImageFlow::mixed)) {
                for (Variant v : variants) { // not counted: the first start (it writes the archive)
                    Path log = work.resolve(v.name() + "-0.log");
                    Files.deleteIfExists(log);
                    running.put(v.name(), start(v, log, argsOf.get(v.name()), envs.get(v.name())));
                    if (v.cds()) {
                        Path cdsDir = Path.of(envs.get(v.name()).get("CATSTREAM_CDS_DIR"));
                        await().atMost(Duration.ofSeconds(60)).until(() -> hasArchive(cdsDir));
                    }
                }
                for (int run = 1; run <= runs; run++) {
                    for (Variant v : variants) {
                        Path log = work.resolve(v.name() + "-" + run + ".log");
                        Files.deleteIfExists(log);
                        running.remove(v.name()).kill(); // restarted at once, as Kubernetes restarts a killed container
                        long t0 = System.nanoTime();
                        ScorerProcess scorer = launch(v, log, argsOf.get(v.name()), envs.get(v.name()));
                        running.put(v.name(), scorer);
                        scorer.awaitHealthy(ScorerRecovery.HEALTHY_DEADLINE);
                        long healthy = (System.nanoTime() - t0) / 1_000_000;
                        Map<String, Long> milestones = milestones(awaitStartupLine(log));
                        Start s = new Start(milestones, healthy, cpuMillis(scorer.pid()));
                        starts.get(v.name()).add(s);
                        System.out.printf("startup: %s run %d: healthy %d ms after the process started, %d ms of CPU to "
                                + "its first image, %s; %s%n", v.name(), run, s.healthyMillis(), s.cpuMillis(),
                                residentMemory(scorer.pid()), s.milestones());
                    }
                }
            } finally {
                running.values().forEach(ScorerProcess::kill);
            }
        }
        System.out.printf("startup: done; %s%n%n", RecoveryBenchmark.load());
        printMedians(starts);
    }

    private static ScorerProcess launch(Variant v, Path log, List<String> args, Map<String, String> env) {
        return v.launcher() != null ? ScorerProcess.startWithLauncher(v.launcher(), "256m", log, args, env)
                : ScorerProcess.start("256m", log, args, env);
    }

    /** Started, healthy and past its first image. */
    private static ScorerProcess start(Variant v, Path log, List<String> args, Map<String, String> env) {
        ScorerProcess scorer = launch(v, log, args, env);
        scorer.awaitHealthy(ScorerRecovery.HEALTHY_DEADLINE);
        awaitStartupLine(log);
        return scorer;
    }

    private static boolean hasArchive(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa")); // renamed into place when complete
        }
    }

    /** Serve's start-up line (logged when it scored its first image). */
    private static String awaitStartupLine(Path log) {
        long deadline = System.nanoTime() + ScorerRecovery.HEALTHY_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String line = ScorerRecovery.startup(Files.readString(log));
                if (!line.equals("(none)")) {
                    return line;
                }
                Thread.sleep(50); // polling a log file another process appends to
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no start-up line in " + log);
    }

    private static Map<String, Long> milestones(String line) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String part : line.split(", ")) {
            Matcher matcher = MILESTONE.matcher(part.strip());
            if (matcher.matches()) {
                m.put(matcher.group(1), Long.parseLong(matcher.group(2)));
            }
        }
        return m;
    }

    /** One row per milestone (in the order of the first variant's first start), one column of medians per variant. */
    private static void printMedians(Map<String, List<Start>> starts) {
        List<String> names = new ArrayList<>();
        starts.values().forEach(list -> list.forEach(s -> s.milestones().keySet().stream()
                .filter(k -> !names.contains(k)).forEach(names::add)));
        System.out.println("| median of the restarts (ms since the JVM started) | " + String.join(" | ", starts.keySet()) + " |");
        System.out.println("| --- |" + " --- |".repeat(starts.size()));
        for (String name : names) {
            StringBuilder row = new StringBuilder("| " + name + " |");
            for (List<Start> list : starts.values()) {
                row.append(' ').append(median(list.stream().filter(s -> s.milestones().containsKey(name))
                        .map(s -> s.milestones().get(name)).toList())).append(" |");
            }
            System.out.println(row);
        }
        StringBuilder row = new StringBuilder("| process start to /health 200 (ms) |");
        StringBuilder cpu = new StringBuilder("| CPU time of the scorer JVM to its first image (ms, user + system) |");
        for (List<Start> list : starts.values()) {
            row.append(' ').append(median(list.stream().map(Start::healthyMillis).toList())).append(" |");
            cpu.append(' ').append(median(list.stream().map(Start::cpuMillis).toList())).append(" |");
        }
        System.out.println(row);
        System.out.println(cpu);
    }

    /** VmRSS and VmHWM of process {@code pid} (the archive's mapped pages count in both). */
    private static String residentMemory(long pid) {
        try {
            return String.join(", ", Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).toList());
        } catch (IOException e) {
            return "(no /proc)";
        }
    }

    /** utime + stime of process {@code pid} (fields 14 and 15 of /proc/pid/stat, in clock ticks of 10 ms). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from the 3rd on
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String median(List<Long> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return median + " (" + sorted.get(0) + "–" + sorted.get(n - 1) + ")";
    }
}
