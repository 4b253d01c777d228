package io.catstream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.catstream.nn.LabelledExamples;
import io.catstream.numpy.Npz;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The golden NumPy reference ({@code numpy_reference.py}) run from a test. The reference folder is the system
 * property {@code catstream.reference}, else {@link SharedData#referenceDir()}; tests are skipped (not failed) when it, {@code /usr/bin/python3} or numpy is
 * missing.
 */
public final class NumpyReference {

    public static final String PYTHON = "/usr/bin/python3";

    private NumpyReference() {
    }

    /** The reference folder, or a skipped test saying what is missing. */
    public static Path folderOrSkip() {
        Path folder = folder();
        assumeTrue(Files.isRegularFile(folder.resolve("numpy_reference.py")),
                "NumPy reference not found at " + folder + " (set -Dcatstream.reference=DIR or clone next to shared/)");
        requireNumpy();
        return folder;
    }

    /** Skips the test unless {@code /usr/bin/python3} can import numpy (for tests that bring their own script). */
    public static void requireNumpy() {
        assumeTrue(Files.isExecutable(Paths.get(PYTHON)), PYTHON + " is missing: golden tests need Debian's python3 with numpy");
        assumeTrue(exitCode(List.of(PYTHON, "-c", "import numpy")) == 0,
                "numpy is not importable by " + PYTHON + " (apt-get install python3-numpy)");
    }

    public static Path folder() {
        String property = System.getProperty("catstream.reference");
        if (property != null && !property.isBlank()) {
            return Paths.get(property);
        }
        return SharedData.referenceDir();
    }

    /** Runs {@code numpy_reference.py args...} and fails the test with its output if it fails. */
    public static void train(Path folder, Path out, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, folder.resolve("numpy_reference.py").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--out", out.toString()));
        run(command, out.resolveSibling(out.getFileName() + ".log"));
    }

    /** Runs a command, output to {@code log}, and asserts exit code 0; returns the output. */
    public static String run(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = process.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                process.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done && process.exitValue() == 0).as("%s failed:%n%s", command, output).isTrue();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    private static int exitCode(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** NumPy's {@code X} ({@code n_x × m}) and {@code Y} as our examples (one example per row). */
    public static LabelledExamples examples(Path dataNpz) {
        var arrays = Npz.read(dataNpz);
        DMatrixRMaj x = arrays.get("X").asMatrix();
        return new LabelledExamples(CommonOps_DDRM.transpose(x, null), arrays.get("Y").asMatrix().copy());
    }
}
