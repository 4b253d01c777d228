package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code catstream serve} in its own JVM is SIGKILLed three times at seeded random moments while images flow, and
 * started again each time with the same application id and state directory. Afterwards, read with
 * {@code read_committed}, every input has exactly one label or one dead letter: none missing, none twice.
 * The scorer's client settings (a shorter consumer session, so the dead member leaves the group in seconds rather
 * than 45 s) go through {@code --command-config}, as an operator's would.
 */
class ScorerCrashIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final long SEED = 6;
    private static final int KILLS = 3;
    private static final int IMAGES = 1200;
    private static final double RATE = 30; // 40 s of images: every kill lands while they flow

    @Test
    void shouldLabelOrDeadLetterEveryImageExactlyOnceAcrossThreeKillsOfTheScorerProcess() throws IOException, InterruptedException {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "crash.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        Path work = Path.of("target", "crash-it");
        Files.createDirectories(work);
        Path clientConfig = work.resolve("scorer-client.properties");
        Files.writeString(clientConfig, "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
        List<String> args = List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--command-config", clientConfig.toString(),
                "--topic-prefix", "crash.", "--model-name", StreamTestKit.MODEL, "--application-id", "crash-scorer",
                "--state-dir", work.resolve("state").toString(), "--stream-threads", "2");
        Random random = new Random(SEED);
        List<String> kills = new ArrayList<>();

        ScorerProcess scorer = ScorerProcess.start("256m", work.resolve("scorer-0.log"), args).awaitHealthy(Duration.ofSeconds(90));
        List<String> sent;
        try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), "crash", RATE, IMAGES, ImageFlow::mixed)) {
            for (int kill = 1; kill <= KILLS; kill++) {
                long after = 1500 + random.nextInt(3000);
                sleep(after); // the random moment: 1.5–4.5 s into this life of the scorer
                kills.add(String.format("kill %d after %d ms at %d images sent (pid %d)", kill, after, flow.sentCount(), scorer.pid()));
                scorer.kill();
                scorer = ScorerProcess.start("256m", work.resolve("scorer-" + kill + ".log"), args).awaitHealthy(Duration.ofSeconds(90));
            }
            flow.awaitDone(Duration.ofSeconds(120));
            flow.close();
            sent = flow.sent();
        }
        ExactlyOnceAudit.Outcomes outcomes;
        try {
            outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(120));
        } finally {
            scorer.close();
        }

        System.out.printf("crash: %s; %s%n", String.join("; ", kills), outcomes.summary(sent));
        assertThat(sent).hasSize(IMAGES);
        assertThat(outcomes.missing(sent)).as("missing (scorer log %s)", scorer.log()).isEmpty();
        assertThat(outcomes.duplicates()).isEmpty();
        assertThat(outcomes.unexpected(sent)).isEmpty();
        assertThat(outcomes.deadLetters()).hasSize(IMAGES / 25) // every 25th image is empty
                .allSatisfy(r -> assertThat(DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER)).isEqualTo("empty"));
        assertThat(outcomes.labels()).hasSize(IMAGES - IMAGES / 25);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
