package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.EmbeddedBroker;
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
    void shouldLabelOrDeadLetterEveryImageExactlyOnceAcrossThreeKillsOfTheScorerProcess() throws InterruptedException {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "crash.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        Path work = Path.of("target", "crash-it");
        List<String> args = ScorerProcess.crashTestArgs(KAFKA.bootstrapServers(), "crash.", "crash-scorer", work);
        List<String> kills = new ArrayList<>();

        ScorerProcess scorer = ScorerProcess.start("256m", work.resolve("scorer-0.log"), args).awaitHealthy(Duration.ofSeconds(90));
        List<String> sent;
        try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), "crash", RATE, IMAGES, ImageFlow::mixed)) {
            scorer = ScorerProcess.killAndRestart(scorer, KILLS, new Random(SEED), work, args,
                    () -> flow.sentCount() + " images sent", kills);
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
}
