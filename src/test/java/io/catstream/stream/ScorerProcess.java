package io.catstream.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code catstream serve} in its own JVM ({@code java --add-modules jdk.incubator.vector -cp <test class path>
 * io.catstream.cli.Main serve …}), so a test can kill it for real: {@link #kill()} is SIGKILL on Linux. The class
 * path is the one Surefire/Failsafe gave this JVM ({@code surefire.test.class.path}: target/classes, test classes and
 * every dependency), else {@code java.class.path}. Output goes to a log file named in failures.
 */
public final class ScorerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;

    private ScorerProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts {@code catstream serve} with {@code args} (plus {@code --http-port}) and a {@code -Xmx} of {@code heap}. */
    public static ScorerProcess start(String heap, Path log, List<String> args) {
        return start(heap, log, args, Map.of());
    }

    /** As {@link #start(String, Path, List)}, with {@code env} added to the child's environment. */
    public static ScorerProcess start(String heap, Path log, List<String> args, Map<String, String> env) {
        return launch(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", "-cp", classPath(),
                "io.catstream.cli.Main"), log, args, env);
    }

    /**
     * {@code catstream serve} as an operator starts it: through {@code launcher} (bin/catstream: the shaded jar, its
     * JVM flags and, for serve, the AppCDS archive), {@code -Xmx} through {@code CATSTREAM_JAVA_OPTS} (before any
     * options {@code env} gives there). The launcher execs java, so {@link #kill()} still kills the JVM itself.
     */
    public static ScorerProcess startWithLauncher(Path launcher, String heap, Path log, List<String> args,
                                                  Map<String, String> env) {
        Map<String, String> withHeap = new java.util.HashMap<>(env);
        withHeap.merge("CATSTREAM_JAVA_OPTS", "-Xmx" + heap, (given, xmx) -> xmx + " " + given);
        return launch(List.of(launcher.toString()), log, args, withHeap);
    }

    private static ScorerProcess launch(List<String> launcher, Path log, List<String> args, Map<String, String> env) {
        int port = freePort();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("serve", "--http-port", Integer.toString(port)));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process p = builder.start();
            return new ScorerProcess(p, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scorer JVM: " + e, e);
        }
    }

    /**
     * The arguments of a crash test's scorer: the topics under {@code prefix}, model {@value StreamTestKit#MODEL}, 2
     * stream threads, a fresh state directory under {@code work} (kept across kills), and through {@code --command-config}
     * a shorter consumer session, so a killed member leaves the group in seconds rather than 45 s.
     */
    public static List<String> crashTestArgs(String bootstrap, String prefix, String applicationId, Path work) {
        try {
            Files.createDirectories(work);
            // a state directory left by an earlier run against another broker would hold that run's join state
            Path state = work.resolve("state");
            if (Files.exists(state)) {
                try (java.util.stream.Stream<Path> old = Files.walk(state)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Path clientConfig = Files.writeString(work.resolve("scorer-client.properties"),
                    "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
            return List.of("--bootstrap-servers", bootstrap, "--command-config", clientConfig.toString(),
                    "--topic-prefix", prefix, "--model-name", StreamTestKit.MODEL, "--application-id", applicationId,
                    "--state-dir", work.resolve("state").toString(), "--stream-threads", "2");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGKILLs {@code scorer} {@code kills} times, each at a random moment 1.5–4.5 s into its life, and starts it again
     * with {@code args} (logs {@code <work>/scorer-<n>.log}); adds a line per kill to {@code log}, with what
     * {@code progress} says then. Returns the scorer running at the end.
     */
    public static ScorerProcess killAndRestart(ScorerProcess scorer, int kills, Random random, Path work, List<String> args,
                                               java.util.function.Supplier<String> progress, List<String> log) {
        ScorerProcess running = scorer;
        for (int kill = 1; kill <= kills; kill++) {
            long after = 1500 + random.nextInt(3000);
            sleep(after); // the random moment
            log.add(String.format("kill %d after %d ms at %s (pid %d)", kill, after, progress.get(), running.pid()));
            running.kill();
            running = start("256m", work.resolve("scorer-" + kill + ".log"), args).awaitHealthy(Duration.ofSeconds(90));
        }
        return running;
    }

    public static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * Waits until {@code /health} says 200 (streams RUNNING and a model active). A scorer that does not get there is
     * killed before the exception leaves: a failed test must not leave a scorer JVM running after it.
     */
    public ScorerProcess awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the scorer exited with " + process.exitValue() + "; log " + log + ":\n" + logTail());
            }
            try {
                if (StreamTestKit.get(httpPort, "/health").statusCode() == 200) {
                    return this;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(100);
        }
        kill();
        throw new IllegalStateException("the scorer was not healthy after " + timeout + "; log " + log + ":\n" + logTail());
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no commit, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM's exit status after SIGTERM once its shutdown hooks are done: 128 + 15. */
    public static final int EXIT_AFTER_SIGTERM = 143;

    /** SIGTERM, and waits for the process to exit (at most {@code timeout}); its exit status. */
    public int terminate(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the scorer did not stop within " + timeout + " of SIGTERM; log " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // polling a process's health endpoint
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
