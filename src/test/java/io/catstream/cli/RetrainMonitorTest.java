package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A round's outcome as the loop prints and counts it, and a failure that does not end the loop. */
class RetrainMonitorTest {

    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text, true);

    @Test
    void shouldOutliveARoundThatFailsWithAnyRuntimeExceptionAndCountIt() throws Exception {
        try (RetrainMonitor monitor = RetrainMonitor.start(0, out)) {
            monitor.run(1, () -> {
                throw new TrainingDivergedException("cost NaN at epoch 3");
            }, out);
            monitor.run(2, () -> {
                throw new UserError("cannot read model-weights at 127.0.0.1:1: timed out");
            }, out);
            monitor.run(3, () -> RetrainRound.skipped(3, new RetrainChecks.Skip(RetrainChecks.NO_NEW_TRUTH, "no image got truth"),
                    null, Duration.ofSeconds(2)), out);

            Matcher port = Pattern.compile("http://localhost:(\\d+)/metrics").matcher(text.toString());
            assertThat(port.find()).as(text.toString()).isTrue();
            HttpClient http = HttpClient.newHttpClient();
            String scrape = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port.group(1) + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port.group(1) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertThat(scrape).contains("catstream_retrain_rounds_total{outcome=\"failed\",reason=\"error\"} 2.0",
                    "catstream_retrain_rounds_total{outcome=\"skipped\",reason=\"no-new-truth\"} 1.0");
            assertThat(health).contains("retrain round 3: skipped (no-new-truth)");
        }
        assertThat(text.toString()).contains(
                "retrain round 1: failed: io.catstream.train.TrainingDivergedException: cost NaN at epoch 3",
                "retrain round 2: failed: cannot read model-weights at 127.0.0.1:1: timed out",
                "retrain round 3: skipped (no-new-truth): no image got truth");
    }

    @Test
    void shouldPrintEachRoundWithoutAMetricsPort() {
        try (RetrainMonitor monitor = RetrainMonitor.start(null, out)) {
            monitor.run(1, () -> {
                throw new IllegalStateException("a bug");
            }, out);
        }

        assertThat(text.toString()).isEqualTo("retrain round 1: failed: java.lang.IllegalStateException: a bug" + System.lineSeparator());
    }
}
