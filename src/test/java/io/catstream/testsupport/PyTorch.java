package io.catstream.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import io.catstream.ops.ExternalTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real PyTorch (Debian's {@code python3-torch}, installed by {@code .ci/run}) from a test, through
 * {@code torch_models.py}: trains and exports a small CNN to ONNX inside the test run, scores features with it, and
 * writes ONNX files catstream must refuse. Without torch the test is skipped with the reason, except on CI
 * ({@code CI=true}), where it fails, as {@link ExternalTool} does for the operator tools.
 */
public final class PyTorch {

    public static final String PYTHON = NumpyReference.PYTHON;
    private static final String SCRIPT = "/io/catstream/onnx/torch_models.py";

    private final Path dir;
    private final int imageSize;

    private PyTorch(Path dir, int imageSize) {
        this.dir = dir;
        this.imageSize = imageSize;
    }

    /** Skips (or fails on CI) unless {@code /usr/bin/python3} imports torch; works in {@code dir} at {@code imageSize}. */
    public static PyTorch require(Path dir, int imageSize) {
        if (!importsTorch()) {
            String reason = PYTHON + " cannot import torch (Debian package python3-torch, installed by .ci/run)";
            if (ExternalTool.onCi()) {
                fail(reason + ": CI=true, so this is a failure, not a skip");
            }
            Assumptions.abort(reason);
        }
        return new PyTorch(dir, imageSize);
    }

    /** Trains the small CNN a few steps and exports it: {@code cnn.onnx} (NCHW, one logit, opset 13). */
    public Path trainAndExport() {
        run("train", dir.toString(), Integer.toString(imageSize));
        return dir.resolve("cnn.onnx");
    }

    /** PyTorch's p(cat) = sigmoid(logit) of the trained CNN on {@code count} images of H·W·C features each. */
    public double[] probabilities(double[] features, int count) throws IOException {
        Path file = dir.resolve("features.f64");
        ByteBuffer buffer = ByteBuffer.allocate(features.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(features);
        Files.write(file, buffer.array());
        String[] lines = run("score", dir.toString(), Integer.toString(imageSize), file.toString(),
                Integer.toString(count)).strip().split("\n");
        double[] p = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            p[i] = Double.parseDouble(lines[i].strip());
        }
        return p;
    }

    /** Writes {@code two_inputs.onnx}, {@code wrong_shape.onnx}, {@code not_probability.onnx}, {@code custom_op.onnx}. */
    public Path writeBadModels() {
        run("bad", dir.toString(), Integer.toString(imageSize));
        return dir;
    }

    private String run(String... args) {
        try {
            Path script = dir.resolve("torch_models.py");
            try (InputStream in = PyTorch.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
            command.addAll(List.of(args));
            Path out = dir.resolve(args[0] + ".out");
            Path err = dir.resolve(args[0] + ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean done = process.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                process.destroyForcibly();
            }
            if (!done || process.exitValue() != 0) {
                fail(command + " failed:\n" + Files.readString(out) + Files.readString(err));
            }
            return Files.readString(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean importsTorch() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
