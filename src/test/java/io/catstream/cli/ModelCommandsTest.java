package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.model.TrainingFacts;
import io.catstream.numpy.NdArray;
import io.catstream.numpy.Npz;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelCommandsTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CatstreamCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path smallModel() {
        Path file = dir.resolve("small.catmodel");
        ModelCodec.write(file, TestModels.random(TestModels.SMALL, 5));
        return file;
    }

    @Test
    void shouldExportAModelsWeightsToNpzAndImportThemBackUnchanged() {
        Path model = smallModel();
        Path npz = dir.resolve("weights.npz");
        Path reimported = dir.resolve("reimported.catmodel");

        assertThat(run("export-npz", "--model", model.toString(), "--out", npz.toString())).isZero();
        assertThat(run("import-npz", "--npz", npz.toString(), "--out", reimported.toString(), "--name", "again")).isZero();

        ModelArtifact original = ModelCodec.read(model);
        ModelArtifact back = ModelCodec.read(reimported);
        assertThat(Npz.read(npz).keySet()).containsExactly("W1", "b1", "W2", "b2", "W3", "b3");
        assertThat(back.parametersSha256()).isEqualTo(original.parametersSha256());
        assertThat(back.name()).isEqualTo("again");
        assertThat(back.input()).isEqualTo(InputContract.rgb(4));
        assertThat(back.training().recipe()).isEqualTo(TrainingFacts.IMPORTED);
        assertThat(back.training().dataFingerprint()).isNull();
        assertThat(back.extra()).containsEntry("importedFrom", "weights.npz");
        assertThat(out.toString()).contains("wrote " + npz).contains("wrote " + reimported);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldIgnoreExtraArraysSuchAsCostsWhenImporting() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(TestModels.randomParameters(TestModels.SMALL, 1).toArrays());
        arrays.put("costs", new NdArray(new int[] {3}, new double[] {0.7, 0.6, 0.5}));
        Path npz = dir.resolve("final.npz");
        Npz.write(npz, arrays);

        assertThat(run("import-npz", "--npz", npz.toString(), "--out", dir.resolve("m").toString())).isZero();
        assertThat(ModelCodec.read(dir.resolve("m")).name()).isEqualTo("catstream");
    }

    @Test
    void shouldShowTheHeaderAndAnOkChecksum() {
        Path model = smallModel();

        assertThat(run("show-model", "--model", model.toString())).isZero();

        assertThat(out.toString()).contains("\"format\" : \"catstream-model\"", "\"dims\" : [ 48, 7, 5, 1 ]",
                "checksum: ok", "status: usable");
    }

    @Test
    void shouldShowACorruptModelsHeaderButExitWith2AndTheReason() throws Exception {
        Path model = smallModel();
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(model, bytes);

        assertThat(run("show-model", "--model", model.toString())).isEqualTo(2);

        assertThat(out.toString()).contains("\"name\" : \"cats-v1\"", "checksum: MISMATCH", "status: refused, checksum-mismatch");
        assertOneLineError("is not a usable catstream model (checksum-mismatch: ");
    }

    @Test
    void shouldExitWith2AndOneLineWhenTheModelFileIsMissing() {
        Path missing = dir.resolve("nope.catmodel");

        assertThat(run("export-npz", "--model", missing.toString(), "--out", dir.resolve("x.npz").toString())).isEqualTo(2);
        assertOneLineError("--model " + missing + " does not exist; check the path");
    }

    @Test
    void shouldExitWith2AndOneLineWhenShowingAMissingFile() {
        assertThat(run("show-model", "--model", dir.resolve("nope").toString())).isEqualTo(2);
        assertOneLineError("does not exist");
    }

    @Test
    void shouldExitWith2AndOneLineWhenTheFileIsNotAModel() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, I am not a model");

        assertThat(run("export-npz", "--model", text.toString(), "--out", dir.resolve("x.npz").toString())).isEqualTo(2);
        assertOneLineError("is not a usable catstream model (bad-magic: not a catstream model: it starts with \"hello, I\"");
    }

    @Test
    void shouldPointToImportNpzWhenGivenAnNpzInsteadOfAModel() {
        Path npz = dir.resolve("weights.npz");
        Npz.write(npz, TestModels.randomParameters(TestModels.SMALL, 1).toArrays());

        assertThat(run("show-model", "--model", npz.toString())).isEqualTo(2);
        assertOneLineError("bad-magic: not a catstream model: it starts with \"PK\\x03\\x04");
        assertOneLineError("use 'catstream import-npz'");
    }

    @Test
    void shouldExitWith2AndOneLineWhenTheNpzIsMissingOrNotAnArchive() throws Exception {
        Path missing = dir.resolve("missing.npz");
        assertThat(run("import-npz", "--npz", missing.toString(), "--out", dir.resolve("m").toString())).isEqualTo(2);
        assertOneLineError("--npz " + missing + " does not exist");

        err.getBuffer().setLength(0);
        Path garbage = dir.resolve("garbage.npz");
        Files.writeString(garbage, "not a zip");
        assertThat(run("import-npz", "--npz", garbage.toString(), "--out", dir.resolve("m").toString())).isEqualTo(2);
        assertOneLineError("is not a readable NumPy .npz archive");
    }

    @Test
    void shouldExitWith2WhenTheNpzHoldsNoNetwork() {
        Path npz = dir.resolve("other.npz");
        Npz.write(npz, Map.of("X", new NdArray(new int[] {2, 2}, new double[4])));

        assertThat(run("import-npz", "--npz", npz.toString(), "--out", dir.resolve("m").toString())).isEqualTo(2);
        assertOneLineError("does not hold a catstream network: no weights found");
    }

    @Test
    void shouldRefuseToImportNaNWeightsOrAnInputLayerThatIsNoImage() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(TestModels.randomParameters(TestModels.SMALL, 1).toArrays());
        arrays.get("W2").data()[4] = Double.POSITIVE_INFINITY;
        Path nan = dir.resolve("nan.npz");
        Npz.write(nan, arrays);
        Path notAnImage = dir.resolve("odd.npz");
        Npz.write(notAnImage, TestModels.randomParameters(new io.catstream.nn.NetworkShape(new int[] {50, 3, 1}), 1).toArrays());

        assertThat(run("import-npz", "--npz", nan.toString(), "--out", dir.resolve("m").toString())).isEqualTo(2);
        assertOneLineError("non-finite-parameter: W2[0, 4] is Infinity");
        err.getBuffer().setLength(0);
        assertThat(run("import-npz", "--npz", notAnImage.toString(), "--out", dir.resolve("m").toString())).isEqualTo(2);
        assertOneLineError("the input layer has 50 units, which is not 3·S²");
        err.getBuffer().setLength(0);
        assertThat(run("import-npz", "--npz", nan.toString(), "--out", dir.resolve("m").toString(), "--image-size", "5"))
                .isEqualTo(2);
        assertOneLineError("contract-mismatch");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void shouldExitWith2WhenTheOutputDirectoryDoesNotExist() {
        Path model = smallModel();
        Path out = dir.resolve("no/such/dir/w.npz");

        assertThat(run("export-npz", "--model", model.toString(), "--out", out.toString())).isEqualTo(2);
        assertOneLineError("does not exist; create it first");
    }

    private void assertOneLineError(String expected) {
        assertThat(err.toString()).startsWith("catstream: ").contains(expected).doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }
}
