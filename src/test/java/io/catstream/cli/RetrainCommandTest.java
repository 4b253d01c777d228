package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.Topics;
import io.catstream.testsupport.CliRun;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
    void shouldRefuseMetricsForASingleRoundAndABadPort() {
        CliRun once = retrain("--once", "--recipe", "mlp", "--metrics-port", "0");
        CliRun badPort = retrain("--recipe", "mlp", "--metrics-port", "70000");

        assertThat(once.exitCode()).isEqualTo(2);
        assertThat(once.err().strip()).startsWith("catstream: --metrics-port serves a running loop (--every)");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err().strip()).isEqualTo("catstream: invalid value 70000 for --metrics-port: 0 (a free port) to 65535");
    }

    /**
     * The loop with {@code --metrics-port}: its first round fails (no broker at 127.0.0.1:1), which /metrics counts and
     * /health tells, and the loop waits for the next; an interrupt (what its SIGTERM hook amounts to between rounds)
     * stops it, and the port is closed.
     */
    @Test
    void shouldServeTheLoopsRoundsOnItsMetricsPort() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliRun[] result = new CliRun[1];
        Thread loop = new Thread(() -> result[0] = retrain("--recipe", "mlp", "--every", "1h", "--metrics-port", Integer.toString(port)),
                "retrain-loop-under-test");
        loop.start();
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://localhost:" + port + "/metrics");
        String failedOnce = "catstream_retrain_rounds_total{outcome=\"failed\",reason=\"error\"} 1.0";
        String[] scrape = {""};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    scrape[0] = http.send(HttpRequest.newBuilder(metrics).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    return scrape[0].contains(failedOnce);
                });
        String health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();

        loop.interrupt();
        loop.join(30_000);

        assertThat(scrape[0]).contains("catstream_retrain_rounds_total{outcome=\"published\",reason=\"none\"} 0.0",
                "catstream_retrain_last_round_timestamp_seconds{outcome=\"failed\"}", "catstream_retrain_round_seconds_count 1");
        assertThat(health).contains("the last round failed");
        assertThat(loop.isAlive()).isFalse();
        assertThat(result[0].exitCode()).as(result[0].toString()).isZero();
        assertThat(result[0].out()).contains("retrain: metrics on http://localhost:" + port + "/metrics",
                "retrain round 1: failed: ", "retrain: stopped after 1 round");
        assertThatThrownBy(() -> new Socket("localhost", port).close()).as("the port is closed with the loop")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldLookBackAsFarAsTheImagesTopicKeepsByDefault() {
        long retention = Long.parseLong(TopicCatalog.builtIn().find(Topics.IMAGES).orElseThrow().configs().get("retention.ms"));

        assertThat(Durations.parse(RetrainCommand.DEFAULT_WINDOW).toMillis()).isEqualTo(retention);
    }

    @Test
    void shouldParseDaysAsTheWindowsUnit() {
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    }
}
