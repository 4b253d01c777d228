package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.testsupport.ColouredImageFolder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    Path dir;

    private Path data;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** 12 reddish "cats" and 12 bluish "non-cats", 8×8 PNGs, plus one file that is not an image. */
    @BeforeEach
    void writeImages() throws Exception {
        data = ColouredImageFolder.write(dir.resolve("data"), 12);
        Files.writeString(data.resolve("cats").resolve("notes.txt"), "not an image");
    }

    private int run(String... args) {
        CommandLine cli = CatstreamCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldTrainWriteAModelACostLogAndAChartAndSkipTheUnreadableFile() throws Exception {
        Path model = dir.resolve("m.model");
        Path costs = dir.resolve("costs.csv");

        int exit = run("train", "--data", data.toString(), "--dims", "192,4,1", "--iterations", "120", "--lr", "0.05",
                "--out", model.toString(), "--cost-log", costs.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Cost after iteration 0:", "Cost after iteration 50:", "Cost after iteration 119:",
                "train accuracy:", "test accuracy:");
        // 24 images + 1 text file: the text file is skipped, 24 remain, round(24 · 0.2) = 5 held out
        assertThat(out.toString()).contains("19 training and 5 test examples");
        List<String> rows = Files.readAllLines(costs);
        assertThat(rows).hasSize(121).first().isEqualTo("iteration,cost");
        assertThat(ImageIO.read(dir.resolve("costs.png").toFile())).isNotNull();

        ModelArtifact artifact = ModelCodec.read(model);
        assertThat(artifact.shape().toString()).isEqualTo("192,4,1");
        assertThat(artifact.input().imageSize()).isEqualTo(8);
        assertThat(artifact.training().iterations()).isEqualTo(120);
        assertThat(artifact.training().trainExamples()).isEqualTo(19);
        assertThat(artifact.training().dataFingerprint()).startsWith("sha256:");
        double firstCost = Double.parseDouble(rows.get(1).split(",")[1]);
        assertThat(artifact.training().finalCost()).isLessThan(firstCost);
    }

    @Test
    void shouldClassifyTheColoursItLearnedThroughEvaluateAndPredict() {
        Path model = dir.resolve("m.model");
        // the solver in lower case, as --help and docs/trainer.md spell it
        assertThat(run("train", "--data", data.toString(), "--dims", "192,4,1", "--iterations", "300", "--lr", "0.05",
                "--solver", "gram", "--out", model.toString())).isZero();

        assertThat(run("evaluate", "--model", model.toString(), "--data", data.toString())).isZero();
        assertThat(out.toString()).contains("accuracy: 1.0000 (24 of 24)", "(1 unreadable files skipped)");

        int exit = run("predict", "--model", model.toString(), data.resolve("cats/img0.png").toString(),
                data.resolve("random_images/img0.png").toString(), data.resolve("cats/notes.txt").toString());
        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).containsPattern("cats/img0.png\ttrue\t0\\.\\d+")
                .containsPattern("random_images/img0.png\tfalse\t0\\.\\d+");
        assertThat(err.toString()).contains("notes.txt").contains("not-an-image");
    }

    @Test
    void shouldExplainAMissingDataFolderInOneLineWithExitCodeTwo() {
        int exit = run("train", "--data", dir.resolve("missing").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("catstream: ").contains("does not exist").doesNotContain("\tat ");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    @Test
    void shouldStopWithAUserErrorWhenTheLearningRateMakesTheCostDiverge() {
        int exit = run("train", "--data", data.toString(), "--dims", "192,4,1", "--iterations", "200", "--lr", "1e6",
                "--out", dir.resolve("never.model").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("learning rate 1000000.0 is probably too large");
        assertThat(dir.resolve("never.model")).doesNotExist();
    }

    @Test
    void shouldRefuseDimsThatDoNotDescribeAnRgbSquareImage() {
        int exit = run("train", "--data", data.toString(), "--dims", "100,4,1");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--dims must start with 3·S·S");
    }

    @Test
    void shouldRefuseMoreImagesThanTheArticlesInMemorySolverFitsInTheHeapBeforeDecodingAny() throws Exception {
        // 512×512 inputs: loading takes 16·M·n bytes, so this many files are just over this JVM's heap; the files are
        // empty (not images): the refusal comes from counting names, before anything is decoded
        long n = 3L * 512 * 512;
        long files = Runtime.getRuntime().maxMemory() / (16 * n) + 1;
        Path big = dir.resolve("big");
        Files.createDirectories(big.resolve("cats"));
        Files.createDirectories(big.resolve("random_images"));
        for (int i = 0; i < files; i++) {
            Files.createFile(big.resolve(i % 2 == 0 ? "cats" : "random_images").resolve("img" + i + ".png"));
        }

        int exit = run("train", "--data", big.toString(), "--dims", n + ",1", "--out",
                dir.resolve("never.model").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip().lines()).as(err.toString()).hasSize(1);
        assertThat(err.toString()).contains("holds all " + files + " images in memory (gram solver", "this JVM may use",
                "--recipe mlp or cnn").doesNotContain("skipping");
        assertThat(dir.resolve("never.model")).doesNotExist();
    }
}
