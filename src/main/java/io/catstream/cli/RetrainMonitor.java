package io.catstream.cli;

import io.catstream.metrics.RetrainMetrics;
import io.catstream.web.Health;
import io.catstream.web.HttpEndpoints;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;

/**
 * What {@code catstream retrain --every} shows while it runs: with {@code --metrics-port}, {@link RetrainMetrics} on
 * {@code /metrics} and the last round's line on {@code /health}; without it, nothing (every call is a no-op).
 */
final class RetrainMonitor implements AutoCloseable {

    private final RetrainMetrics metrics;
    private HttpEndpoints http;
    private volatile String lastRound = "retrain loop running, no round ended yet";

    private RetrainMonitor(RetrainMetrics metrics) {
        this.metrics = metrics;
    }

    /** Serves on {@code port} (0: a free one, printed), or nothing when {@code port} is null. */
    static RetrainMonitor start(Integer port, PrintWriter out) {
        if (port == null) {
            return new RetrainMonitor(null);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RetrainMonitor monitor = new RetrainMonitor(new RetrainMetrics(registry, Clock.systemUTC()));
        try {
            monitor.http = HttpEndpoints.start(port, registry::scrape, () -> new Health(true, monitor.lastRound), () -> null);
        } catch (UncheckedIOException e) {
            throw new UserError("cannot serve --metrics-port " + port + ": " + e.getMessage(), e);
        }
        out.println("retrain: metrics on http://localhost:" + monitor.http.port() + "/metrics, health on /health");
        out.flush();
        return monitor;
    }

    void ended(RetrainRound round) {
        lastRound = round.line();
        if (metrics == null) {
            return;
        }
        Long examples = round.lineage() == null ? null
                : round.lineage().classes().values().stream().mapToLong(Long::longValue).sum();
        if (round.skip() != null) {
            metrics.skipped(round.skip().code(), examples, round.took());
        } else {
            metrics.published(examples == null ? 0 : examples, round.testAccuracy(), round.took());
        }
    }

    void failed(Duration took) {
        lastRound = "the last round failed (its line is in the log); the next one tries again";
        if (metrics != null) {
            metrics.failed(took);
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
