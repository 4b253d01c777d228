package io.catstream.cli;

import io.catstream.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.LoggerFactory;

/**
 * The first thing a Kafka command does: wait, within {@code --timeout}, for the cluster to answer. Without it a
 * command pointed at no broker prints a Kafka client warning every few hundred milliseconds for a minute and only
 * then its error; with it the user reads one line saying what it waits for and where, then one error line.
 */
final class ClusterWait {

    /** A cluster that answers within this says nothing; after it the user is told what the command waits for. */
    static final Duration QUIET = Duration.ofMillis(500);

    /** Loggers of the Kafka clients that warn on every failed connection attempt (NetworkClient, the admin's metadata). */
    static final String KAFKA_CLIENTS = "org.apache.kafka.clients";

    private ClusterWait() {
    }

    /**
     * Returns once the cluster at {@code settings} answered a describe-cluster request; otherwise a {@link UserError}
     * (exit code 2) naming the servers and the timeout. Kafka's client warnings are silenced while waiting unless
     * {@code --verbose} lowered the levels (the clients started after it keep their usual levels).
     */
    static void await(KafkaSettings settings, Duration timeout, PrintWriter err) {
        quietly(() -> {
            awaitAnswer(settings, timeout, err);
            return null;
        });
    }

    /**
     * Runs {@code action} with the Kafka clients' connection warnings silenced, as while waiting, unless {@code --verbose}
     * lowered the levels: serve builds its Kafka Streams clients while it waits, and closes them quietly when the
     * cluster did not answer (their warnings would only repeat the one error line).
     */
    static <T> T quietly(Supplier<T> action) {
        return quietly(action, KAFKA_CLIENTS);
    }

    /** As above, for the warnings of {@code loggers} (each at ERROR meanwhile, then back to its level). */
    static <T> T quietly(Supplier<T> action, String... loggers) {
        boolean verbose = LoggerFactory.getLogger("io.catstream").isDebugEnabled();
        Map<String, Level> before = new java.util.LinkedHashMap<>();
        if (!verbose) {
            for (String logger : loggers) {
                before.put(logger, LogManager.getLogger(logger).getLevel());
                Configurator.setLevel(logger, Level.ERROR);
            }
        }
        try {
            return action.get();
        } finally {
            before.forEach(Configurator::setLevel);
        }
    }

    private static void awaitAnswer(KafkaSettings settings, Duration timeout, PrintWriter err) {
        Admin admin = Admin.create(settings.clientConfig(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "catstream-cluster-wait",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()))));
        try {
            Future<String> clusterId = admin.describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))).clusterId();
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                clusterId.get(Math.min(QUIET.toNanos(), timeout.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException stillWaiting) {
                err.println("catstream: waiting up to " + seconds(timeout) + " for Kafka at " + settings.bootstrapServers()
                        + " (--bootstrap-servers, --timeout)");
                err.flush();
                // the admin request carries the same timeout; the margin lets it fail with its own reason first
                clusterId.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw unreachable(settings, timeout, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(settings, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while waiting for Kafka at " + settings.bootstrapServers(), e);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static UserError unreachable(KafkaSettings settings, Duration timeout, Throwable cause) {
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new UserError("no Kafka broker answered at " + settings.bootstrapServers() + " within "
                    + seconds(timeout) + ": start one (make broker, or catstream broker --port 9092), or point "
                    + "--bootstrap-servers (or $" + KafkaSettings.BOOTSTRAP_ENV + ") at a running cluster", cause);
        }
        return new UserError("cannot reach Kafka at " + settings.bootstrapServers() + ": " + cause.getMessage(), cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
