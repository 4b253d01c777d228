package io.catstream.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import io.catstream.ops.ExternalTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} run headless from a ProcessBuilder: the DOM of a page after its JavaScript ran
 * ({@code --dump-dom} with a virtual time budget), or a screenshot. A fresh profile per call; stderr (dbus noise) goes
 * to a file that is only shown when Chromium fails. Skips the test when Chromium is missing, fails it on CI.
 */
public final class HeadlessChromium {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    public static HeadlessChromium require() {
        return new HeadlessChromium(ExternalTool.CHROMIUM.require());
    }

    /** The serialized DOM of {@code url} after {@code virtualTime} of page time (timers and fetches run). */
    public String dumpDom(URI url, Duration virtualTime) {
        return run(List.of("--virtual-time-budget=" + virtualTime.toMillis(), "--dump-dom", url.toString()), null);
    }

    /** A PNG of {@code url} as a {@code width} × {@code height} window shows it. */
    public void screenshot(URI url, Duration virtualTime, int width, int height, Path png) {
        run(List.of("--virtual-time-budget=" + virtualTime.toMillis(), "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url.toString()), png);
    }

    private String run(List<String> args, Path expectedFile) {
        Path profile = null;
        Path stderr = null;
        Path stdout = null;
        try {
            profile = Files.createTempDirectory("catstream-chromium-");
            stderr = Files.createTempFile("catstream-chromium", ".err");
            stdout = Files.createTempFile("catstream-chromium", ".out");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + profile));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("chromium did not finish within " + TIMEOUT + ": " + String.join(" ", command));
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || (expectedFile != null && !Files.isRegularFile(expectedFile))) {
                fail("chromium exited " + process.exitValue() + ": " + String.join(" ", command) + "\n"
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(profile);
            deleteQuietly(stderr);
            deleteQuietly(stdout);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp file is harmless
        }
    }
}
