package io.catstream.stream;

import io.catstream.serve.ScoringApp;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.testsupport.EmbeddedBroker;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The broker is stopped for 12 s and started again on the same data directory and ports while images flow into a
 * running scorer (exactly-once). The scorer is not restarted: it rides out the outage (Kafka Streams retries within
 * {@code task.timeout.ms}; a stream thread that dies anyway is replaced) and afterwards every input has exactly one
 * label or one dead letter.
 */
class BrokerRestartIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final int IMAGES = 800;
    private static final Duration OUTAGE = Duration.ofSeconds(12);

    @Test
    void shouldRecoverFromABrokerRestartWithoutARestartOfItsOwnAndLabelEveryImageExactlyOnce() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "restart.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        List<String> sent;
        long outageMillis;
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "restart-scorer",
                StreamTestKit.tempDir("restart")))) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());
            try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), "restart", 40, IMAGES, ImageFlow::mixed)) {
                await().atMost(DEADLINE).until(() -> flow.sentCount() >= IMAGES / 4);
                long stop = System.nanoTime();
                KAFKA.broker().stop();
                Thread.sleep(OUTAGE.toMillis()); // the outage itself: longer than the scorer's 10 s transaction timeout
                KAFKA.broker().start();
                outageMillis = (System.nanoTime() - stop) / 1_000_000;
                System.out.printf("broker back after %d ms at %d images sent, scorer state %s%n", outageMillis,
                        flow.sentCount(), app.state());
                flow.awaitDone(Duration.ofSeconds(120));
                flow.close();
                sent = flow.sent();
            }
            ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, Duration.ofSeconds(120));

            System.out.printf("broker restart (%d ms down): %s; scorer %s, kafka errors %s%n", outageMillis,
                    outcomes.summary(sent), app.state(), app.context().metrics().registry().find("catstream.kafka.errors")
                            .counters().stream().mapToDouble(c -> c.count()).sum());
            assertThat(sent).hasSize(IMAGES);
            assertThat(outcomes.missing(sent)).isEmpty();
            assertThat(outcomes.duplicates()).isEmpty();
            assertThat(outcomes.unexpected(sent)).isEmpty();
            assertThat(outcomes.deadLetters()).hasSize(IMAGES / 25);
            assertThat(outcomes.labels()).hasSize(IMAGES - IMAGES / 25);
            await().atMost(DEADLINE).until(() -> app.state() == KafkaStreams.State.RUNNING && app.health().healthy());
        }
    }
}
