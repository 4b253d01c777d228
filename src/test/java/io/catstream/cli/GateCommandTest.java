package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CatstreamCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldPrintTheFalsePromotionRateAndThePowerAndDrawTheChart() throws Exception {
        Path chart = dir.resolve("gate.png");

        int code = run("gate", "simulate", "--runs", "300", "--champion-accuracy", "0.7", "--challenger-accuracy", "0.85",
                "--chart", chart.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("A/A  0.700 vs 0.700: promoted").contains("A/B  0.700 vs 0.850: promoted")
                .contains("80 % within");
        assertThat(Files.readAllBytes(chart)).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void shouldRefuseAnAccuracyOutsideZeroToOneWithOneLineAndExitCodeTwo() {
        int code = run("gate", "simulate", "--challenger-accuracy", "1.2");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("catstream: invalid accuracies").hasLineCount(1);
    }
}
