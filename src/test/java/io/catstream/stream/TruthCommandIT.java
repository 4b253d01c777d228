package io.catstream.stream;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.testsupport.RecordSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code catstream send --no-label} then {@code catstream truth} on a real broker: the scorer joins the two, and the
 * image-truth and labelled-predictions records read back are valid under their schemas.
 */
class TruthCommandIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    @Test
    void shouldJoinTruthSentByTheTruthCommandWithImagesSentWithoutLabels() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "tcmd.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        Path folder = StreamTestKit.tempDir("tcmd-set");
        List<ImageSource> photos = StreamTestKit.articleImages(4);
        for (ImageSource photo : photos) {
            Path target = folder.resolve(photo.id());
            Files.createDirectories(target.getParent());
            Files.copy(photo.file(), target);
        }
        Map<String, Boolean> truth = photos.stream().collect(Collectors.toMap(ImageSource::id, ImageSource::label));
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "tcmd-scorer",
                StreamTestKit.tempDir("tcmd")))) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());

            CliRun send = CliRun.of("send", folder.toString(), "--no-label", "--bootstrap-servers", KAFKA.bootstrapServers(),
                    "--topic-prefix", "tcmd.");
            List<Label> labels = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 8));
            CliRun sendTruth = CliRun.of("truth", folder.toString(), "--rate", "20", "--delay", "1s", "--source", "it",
                    "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", "tcmd.");
            List<ConsumerRecord<String, byte[]>> joinedRecords = StreamTestKit.readCommitted(KAFKA.settings(),
                    topics.labelledPredictions(), 8);
            List<LabelledPrediction> joined = joinedRecords.stream().map(r -> LabelledPrediction.fromJson(r.value())).toList();
            List<ConsumerRecord<String, byte[]>> truthRecords = StreamTestKit.readCommitted(KAFKA.settings(), topics.truth(), 8);
            Path badCsv = Files.writeString(folder.resolveSibling("tcmd-bad.csv"), "cats/x.jpg,perhaps\n");
            CliRun bad = CliRun.of("truth", "--csv", badCsv.toString(), "--bootstrap-servers", KAFKA.bootstrapServers());

            assertThat(send.exitCode()).as(send.toString()).isZero();
            assertThat(send.out()).contains("sending 8 files (0 labelled)");
            assertThat(labels).hasSize(8).allSatisfy(l -> assertThat(l.label()).as("no header").isNull());
            assertThat(sendTruth.exitCode()).as(sendTruth.toString()).isZero();
            assertThat(sendTruth.out()).contains("sending truth for 8 images (4 cats)").contains("sent truth for 8 images");
            assertThat(joined).hasSize(8).allSatisfy(p -> {
                assertThat(p.truth()).isEqualTo(truth.get(p.imageId()));
                assertThat(p.truthSource()).isEqualTo("it");
                assertThat(p.delayMillis()).as("sent at least 1 s after the images were scored").isGreaterThanOrEqualTo(900);
            });
            // the records as they came back from the broker, against topics/schemas
            assertThat(truthRecords).hasSize(8).allSatisfy(r -> RecordSchemas.assertValid(RecordSchemas.TRUTH_VALUE, r.value()));
            joinedRecords.forEach(r -> RecordSchemas.assertValid(RecordSchemas.LABELLED_PREDICTION_VALUE, r.value()));
            assertThat(bad.exitCode()).isEqualTo(2);
            assertThat(bad.err()).contains("line 1").contains("perhaps");
        }
    }
}
