package io.catstream.ops;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An operator tool the monitoring checks run as a process (promtool, docker-compose), as {@code make
 * monitoring-check} does from the shell. When the tool is missing the calling test is skipped with the reason,
 * except on CI ({@code CI=true}, set by {@code .ci/run}): there a missing tool fails the test, so a broken
 * install list cannot hide behind skips.
 */
public record ExternalTool(String command, String debianPackage) {

    public static final ExternalTool PROMTOOL = new ExternalTool("promtool", "prometheus");
    public static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose", "docker-compose");
    public static final ExternalTool PROMETHEUS = new ExternalTool("prometheus", "prometheus");
    public static final ExternalTool CHROMIUM = new ExternalTool("chromium", "chromium");
    public static final ExternalTool NODE = new ExternalTool("node", "nodejs");

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Exit code and merged stdout + stderr of one run. */
    public record Result(List<String> commandLine, int exitCode, String output) {

        @Override
        public String toString() {
            return String.join(" ", commandLine) + " exited " + exitCode + "\n" + output;
        }
    }

    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The tool's path; skips the test when it is missing, or fails it on CI. */
    public Path require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String reason = command + " is not on the PATH (Debian package " + debianPackage
                    + ", installed by bin/install-test-tools, which make test runs)";
            if (onCi()) {
                fail(reason + ": CI=true, so this is a failure, not a skip");
            }
            Assumptions.abort(reason);
        }
        return found.get();
    }

    /** Runs the tool with {@code args} in {@code workDir}; requires it first. */
    public Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(require().toString());
        commandLine.addAll(List.of(args));
        Path log = Files.createTempFile("catstream-" + command, ".log");
        try {
            Process process = new ProcessBuilder(commandLine).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", commandLine) + " did not finish within " + TIMEOUT + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(commandLine, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
