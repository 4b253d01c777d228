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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code catstream retrain --every} shows while it runs: with {@code --metrics-port}, {@link RetrainMetrics} on
 * {@code /metrics} and the last round's line on {@code /health}; without it, only each round's line. {@link #run} is
 * where a round's failure stops: the loop outlives it and the next round tries again.
 */
final class RetrainMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainMonitor.class);

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

    /**
     * Runs round {@code number}, prints its line and counts it. A round that fails is printed and counted as failed,
     * and does not end the loop: a user error (cluster away, a refusal) as its one line; anything else (training
     * that diverged, a bug) also logged with its stack trace, since a loop that stops on it would publish nothing
     * more and tell no one but its log.
     */
    void run(int number, Supplier<RetrainRound> round, PrintWriter out) {
        long start = System.nanoTime();
        try {
            RetrainRound ended = round.get();
            ended(ended);
            out.println(ended.line());
        } catch (UserError e) {
            failed(Duration.ofNanos(System.nanoTime() - start));
            out.println("retrain round " + number + ": failed: " + e.getMessage());
        } catch (RuntimeException e) {
            failed(Duration.ofNanos(System.nanoTime() - start));
            LOG.error("retrain round {} failed", number, e);
            out.println("retrain round " + number + ": failed: " + e);
        }
        out.flush();
    }

    private void ended(RetrainRound round) {
        lastRound = round.line();
        if (metrics == null) {
            return;
        }
        if (round.skip() != null) {
            metrics.skipped(round.skip().code(), round.examples(), round.took());
        } else {
            metrics.published(round.examples() == null ? 0 : round.examples(), round.testAccuracy(), round.took());
        }
    }

    private void failed(Duration took) {
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
