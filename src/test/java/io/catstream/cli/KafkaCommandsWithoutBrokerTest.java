package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.testsupport.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Kafka command pointed at no broker (127.0.0.1:1 refuses connections): one line saying what it waits for
 * and where, one error line within {@code --timeout}, exit code 2, and none of the Kafka clients' per-attempt
 * warnings. The bound on the time is generous (the machine is shared); before, these commands took 60 s.
 */
class KafkaCommandsWithoutBrokerTest {

    private static final String NOWHERE = "127.0.0.1:1";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** JVM warm-up, client start and close on a loaded machine; far below the 60 s the commands used to take. */
    private static final Duration MARGIN = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private final KafkaLogCapture kafkaLog = new KafkaLogCapture();

    @BeforeEach
    void captureKafkaLogs() {
        kafkaLog.attach();
    }

    @AfterEach
    void releaseKafkaLogs() {
        kafkaLog.detach();
    }

    static Stream<Arguments> kafkaCommands() throws IOException {
        Path model = dir.resolve("small.catmodel");
        ModelCodec.write(model, TestModels.random(TestModels.SMALL, 5));
        Path image = Files.write(dir.resolve("cat.1.jpg"), new byte[] {1, 2, 3});
        return Stream.of(
                Arguments.of(List.of("models", "list")),
                Arguments.of(List.of("models", "show", "1")),
                Arguments.of(List.of("models", "activate", "1")),
                Arguments.of(List.of("publish", "--model", model.toString())),
                Arguments.of(List.of("topics", "apply")),
                Arguments.of(List.of("topics", "check")),
                Arguments.of(List.of("send", image.toString())),
                Arguments.of(List.of("train", "--recipe", "mlp", "--from-kafka", "--since", "1h")),
                Arguments.of(List.of("retrain", "--once", "--recipe", "mlp", "--out-dir", dir.resolve("retrained").toString())),
                Arguments.of(List.of("backtest", "--model", model.toString(), "--since", "1h")),
                Arguments.of(List.of("publish", "--model", model.toString(), "--as", "challenger", "--backtest", "1h")),
                Arguments.of(List.of("dataset", "export", "--model", lineageModel(dir).toString(), "--out",
                        dir.resolve("export").toString())),
                Arguments.of(List.of("serve", "--http-port", "0")));
    }

    /** A model whose lineage names Kafka offsets, for {@code dataset export}. */
    private static Path lineageModel(Path dir) throws IOException {
        io.catstream.model.ModelArtifact m = TestModels.random(TestModels.SMALL, 6);
        io.catstream.model.DataLineage lineage = new io.catstream.model.DataLineage(io.catstream.model.DataLineage.KAFKA, "c",
                List.of(new io.catstream.model.DataLineage.OffsetRange("images", 0, 0, 3)), java.util.Map.of("cat", 3L),
                java.util.Map.of(), "ab".repeat(32));
        Path file = dir.resolve("lineage.catmodel");
        ModelCodec.write(file, new io.catstream.model.ModelArtifact(m.name(), m.input(), m.training().withSource(lineage),
                m.extra(), m.weights(), m.reference()));
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kafkaCommands")
    void shouldSayWhatItWaitsForThenStopWithOneLineAndExitCode2WithinTheTimeout(List<String> command) {
        long start = System.nanoTime();
        CliRun run = CliRun.of(Stream.concat(command.stream(),
                Stream.of("--bootstrap-servers", NOWHERE, "--timeout", "2s")).toArray(String[]::new));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err().lines().toList()).as(run.toString()).containsExactly(
                "catstream: waiting up to 2 s for Kafka at 127.0.0.1:1 (--bootstrap-servers, --timeout)",
                "catstream: no Kafka broker answered at 127.0.0.1:1 within 2 s: start one (make broker, or catstream "
                        + "broker --port 9092), or point --bootstrap-servers (or $KAFKA_BOOTSTRAP_SERVERS) at a running cluster");
        assertThat(took).as("time to the error").isLessThan(TIMEOUT.plus(MARGIN));
        assertThat(kafkaLog.lines()).as("Kafka client log lines printed while waiting").isEmpty();
    }

    @Test
    void shouldLeaveTheKafkaClientWarningsOnWithVerbose() {
        try {
            CliRun run = CliRun.of("models", "list", "--bootstrap-servers", NOWHERE, "--timeout", "2s", "--verbose");

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(kafkaLog.lines()).as("the capture sees what --verbose lets through")
                    .anyMatch(line -> line.startsWith("WARN org.apache.kafka.clients.NetworkClient"));
        } finally {
            // --verbose lowers io.catstream to DEBUG for the whole JVM; the other tests here run without it
            Configurator.setLevel("io.catstream", Level.INFO);
        }
    }

    @Test
    void shouldDefaultToATimeoutWellUnderAMinute() {
        KafkaOptions options = new KafkaOptions();
        new picocli.CommandLine(options).parseArgs();

        assertThat(options.timeout).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldRefuseAZeroTimeoutBeforeConnecting() {
        CliRun run = CliRun.of("models", "list", "--bootstrap-servers", NOWHERE, "--timeout", "0s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("catstream: invalid value 0 ms for --timeout: must be above 0 (e.g. 15s)"
                + System.lineSeparator());
    }

    /** The Kafka client log events that pass the configured levels, i.e. the lines a user would see on stderr. */
    private static final class KafkaLogCapture extends AbstractAppender {

        private final List<String> lines = new CopyOnWriteArrayList<>();

        KafkaLogCapture() {
            super("kafka-log-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLoggerName().startsWith("org.apache.kafka")) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage());
            }
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        void attach() {
            start();
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            Configuration config = context.getConfiguration();
            config.getRootLogger().addAppender(this, null, null);
            context.updateLoggers();
        }

        void detach() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.updateLoggers();
            stop();
        }
    }
}
