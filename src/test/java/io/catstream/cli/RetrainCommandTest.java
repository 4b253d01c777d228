package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.Topics;
import io.catstream.testsupport.CliRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options of {@code catstream retrain} that are refused before any broker is asked, and its defaults. */
class RetrainCommandTest {

    private static final String NOWHERE = "127.0.0.1:1";

    @TempDir
    Path dir;

    private CliRun retrain(String... args) {
        List<String> all = new ArrayList<>(List.of("retrain"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out-dir", dir.resolve("out").toString(), "--bootstrap-servers", NOWHERE, "--timeout", "1s"));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void shouldRefuseTheArticleRecipeAndUnknownOnesWithTheReason() {
        CliRun article = retrain("--once", "--recipe", "article");
        CliRun unknown = retrain("--once", "--recipe", "resnet");

        assertThat(article.exitCode()).isEqualTo(2);
        assertThat(article.err().strip()).startsWith("catstream: --recipe article is not offered by retrain")
                .contains("use --recipe mlp or cnn");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("catstream: --recipe resnet is not a recipe retrain offers: choose mlp or cnn");
    }

    @Test
    void shouldRefuseBadSchedulesBeforeConnecting() {
        CliRun both = retrain("--once", "--recipe", "mlp", "--window", "1d", "--since", "2026-12-01T00:00:00Z");
        CliRun zero = retrain("--recipe", "mlp", "--every", "0s");
        CliRun noExamples = retrain("--once", "--recipe", "mlp", "--min-examples", "0");
        CliRun badArch = retrain("--once", "--recipe", "mlp", "--arch", "dense4");
        CliRun badRole = retrain("--once", "--recipe", "mlp", "--publish-as", "boss");
        CliRun backtestAll = retrain("--once", "--recipe", "mlp", "--window", "1h", "--backtest", "2h");

        assertThat(both.err().strip()).isEqualTo("catstream: give --window or --since, not both");
        assertThat(zero.err().strip()).isEqualTo("catstream: invalid value PT0S for --every: must be positive (e.g. 1h)");
        assertThat(noExamples.err().strip()).isEqualTo("catstream: invalid value 0 for --min-examples: at least 1");
        assertThat(badArch.err()).contains("--arch dense4");
        assertThat(badRole.err()).contains("--publish-as");
        assertThat(backtestAll.err().strip()).as("a backtest holding out the whole window would leave nothing to train on")
                .isEqualTo("catstream: invalid value PT2H for --backtest: positive and shorter than --window");
        for (CliRun run : new CliRun[] {both, zero, noExamples, badArch, badRole, backtestAll}) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).as("refused before any broker was asked").doesNotContain("waiting up to");
        }
    }

    @Test
    void shouldLookBackAsFarAsTheImagesTopicKeepsByDefault() {
        long retention = Long.parseLong(TopicCatalog.builtIn().find(Topics.IMAGES).orElseThrow().configs().get("retention.ms"));

        assertThat(Durations.parse(RetrainCommand.DEFAULT_WINDOW).toMillis()).isEqualTo(retention);
    }

    @Test
    void shouldParseDaysAsTheWindowsUnit() {
        assertThat(Durations.parse("7d")).isEqualTo(java.time.Duration.ofDays(7));
    }
}
