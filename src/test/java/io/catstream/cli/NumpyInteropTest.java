package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.Sha256;
import io.catstream.model.TestModels;
import io.catstream.numpy.NdArray;
import io.catstream.nn.NetworkShape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java and NumPy read each other's files: .npz both ways, and the model format via the documented snippet. */
class NumpyInteropTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path FORMAT_DOC = Path.of("docs/model-format.md");
    /** One line per array, sorted by name: name, shape, sha256 of its float64 LE C-order bytes, repr of its last value. */
    private static final String DESCRIBE = String.join("\n",
            "import hashlib, sys",
            "import numpy as np",
            "def describe(arrays):",
            "    for k in sorted(arrays):",
            "        a = np.ascontiguousarray(arrays[k], dtype='<f8')",
            "        print(k, list(a.shape), hashlib.sha256(a.tobytes()).hexdigest(), repr(float(a.flat[-1])))");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireNumpy() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " is missing (CI has it)");
        Assumptions.assumeTrue(python(List.of("-c", "import numpy")).exitCode == 0,
                "skipped: numpy is not installed for " + PYTHON + " (apt-get install python3-numpy)");
    }

    @Test
    void shouldLetNumpyLoadExportedWeightsBitForBit() throws Exception {
        ModelArtifact model = TestModels.random(TestModels.SMALL, 11);
        Path file = dir.resolve("m.catmodel");
        ModelCodec.write(file, model);
        Path npz = dir.resolve("w.npz");
        assertThat(cli("export-npz", "--model", file.toString(), "--out", npz.toString())).isZero();

        Result python = python(List.of("-c", DESCRIBE + "\ndescribe(np.load(sys.argv[1]))", npz.toString()));

        assertThat(python.exitCode).as(python.stderr).isZero();
        assertThat(normalised(python.stdout)).containsExactlyElementsOf(describe(model.parameters().toArrays()));
    }

    @Test
    void shouldImportWeightsThatNumpySaved() throws Exception {
        Path npz = dir.resolve("final.npz");
        Result saved = python(List.of("-c", String.join("\n",
                "import sys, numpy as np",
                "r = np.random.RandomState(1)",
                "dims = [48, 7, 5, 1]",
                "p = {}",
                "for l in range(1, len(dims)):",
                "    p[f'W{l}'] = r.randn(dims[l], dims[l - 1]) / np.sqrt(dims[l - 1])",
                "    p[f'b{l}'] = r.randn(dims[l], 1)",
                "np.savez(sys.argv[1], costs=np.array([0.69, 0.5]), **p)"), npz.toString()));
        assertThat(saved.exitCode).as(saved.stderr).isZero();
        Path model = dir.resolve("imported.catmodel");

        assertThat(cli("import-npz", "--npz", npz.toString(), "--out", model.toString())).isZero();

        Result python = python(List.of("-c", DESCRIBE + "\nd = dict(np.load(sys.argv[1])); d.pop('costs'); describe(d)",
                npz.toString()));
        assertThat(python.exitCode).as(python.stderr).isZero();
        assertThat(describe(ModelCodec.read(model).parameters().toArrays())).containsExactlyElementsOf(normalised(python.stdout));
    }

    @Test
    void shouldReadAJavaWrittenModelWithThePythonReaderFromTheFormatDoc() throws Exception {
        ModelArtifact model = TestModels.random(NetworkShape.ARTICLE, 3);
        Path file = dir.resolve("article.catmodel");
        ModelCodec.write(file, model);

        String reader = pythonReaderFromDoc();
        Result python = python(List.of("-c", reader + "\n" + DESCRIBE + "\n" + String.join("\n",
                "header, arrays = read_catmodel(sys.argv[1])",
                "print(header['name'], header['dims'], header['input']['imageSize'], header['training']['createdAt'])",
                "describe(arrays)"), file.toString()));

        assertThat(python.exitCode).as(python.stderr).isZero();
        List<String> lines = python.stdout.lines().toList();
        assertThat(lines.get(0)).isEqualTo("cats-v1 [49152, 20, 7, 5, 1] 128 2025-03-01T10:15:30.123456Z");
        assertThat(normalised(String.join("\n", lines.subList(1, lines.size()))))
                .containsExactlyElementsOf(describe(model.parameters().toArrays()));
    }

    @Test
    void shouldMakeThePythonReaderFromTheFormatDocRefuseACorruptModel() throws Exception {
        Path file = dir.resolve("bad.catmodel");
        ModelCodec.write(file, TestModels.random(TestModels.SMALL, 1));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);

        Result python = python(List.of("-c", pythonReaderFromDoc() + "\nread_catmodel(__import__('sys').argv[1])",
                file.toString()));

        assertThat(python.exitCode).isNotZero();
        assertThat(python.stderr).contains("ValueError: checksum mismatch");
    }

    /** The code between the doc's python-reader markers, without the Markdown fence: the doc stays honest. */
    static String pythonReaderFromDoc() throws IOException {
        String doc = Files.readString(FORMAT_DOC);
        int begin = doc.indexOf("<!-- python-reader:begin -->");
        int end = doc.indexOf("<!-- python-reader:end -->");
        assertThat(begin).as("python-reader markers in " + FORMAT_DOC).isNotNegative().isLessThan(end);
        String block = doc.substring(begin, end);
        String code = block.substring(block.indexOf("```python\n") + "```python\n".length(), block.lastIndexOf("```"));
        assertThat(code.lines().count()).as("the snippet stays short").isLessThanOrEqualTo(16);
        return code;
    }

    /** Java's side of DESCRIBE, with the last value as a double (Java 17 and Python may print it differently). */
    private static List<String> describe(Map<String, NdArray> arrays) {
        return arrays.keySet().stream().sorted().map(name -> {
            NdArray a = arrays.get(name);
            ByteBuffer bytes = ByteBuffer.allocate(8 * a.size()).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asDoubleBuffer().put(a.data());
            return name + " [" + a.rows() + ", " + a.cols() + "] " + Sha256.hex(bytes.array()) + " " + a.data()[a.size() - 1];
        }).toList();
    }

    /** Python's lines with the repr of the last value parsed and printed the Java way, so both can be compared. */
    private static List<String> normalised(String pythonStdout) {
        return pythonStdout.lines().map(line -> {
            int space = line.lastIndexOf(' ');
            return line.substring(0, space + 1) + Double.parseDouble(line.substring(space + 1));
        }).toList();
    }

    private int cli(String... args) {
        var cli = CatstreamCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        assertThat(err.toString()).isEmpty();
        return code;
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result python(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(args);
        Path stdout = Files.createTempFile("python", ".out");
        Path stderr = Files.createTempFile("python", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("python did not finish within 120 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
