package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.kafka.KafkaSettings;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RegistryTopic;
import io.catstream.send.ImageSender;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.StreamTestKit;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.ColouredImageFolder;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.train.ImageFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code retrain --once --backtest} on a real broker, where the held-out span cannot be backtested: only "no image of
 * the span has truth" lets the round publish without a backtest (saying so); any other failure of the backtest's read,
 * here a missing {@code labelled-predictions} topic, fails the round and publishes nothing. The images are drawn
 * (reddish cats, bluish others) and carry explicit timestamps: the trained ones an hour ago, the held-out ones now,
 * so the span {@code --backtest 10m} selects is exactly the held-out images, without sleeping for it.
 */
class RetrainBacktestIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static final String NAME = StreamTestKit.MODEL;
    private static final int TRAINED_PER_CLASS = 12;
    private static final int HELD_PER_CLASS = 3;

    /** Trained images (truth in the label header) an hour ago; held-out ones now, with truth or without. */
    private static ScoringTopics imagesAndChampion(String prefix, boolean heldHaveTruth) throws IOException {
        KafkaSettings settings = KAFKA.settings();
        ScoringTopics topics = StreamTestKit.createTopics(settings, prefix);
        StreamTestKit.publish(settings, topics, StreamTestKit.tinyModel(1)); // v1, active: the champion to compare with
        Path data = ColouredImageFolder.write(StreamTestKit.tempDir(prefix + "images"), TRAINED_PER_CLASS + HELD_PER_CLASS);
        long now = System.currentTimeMillis();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < TRAINED_PER_CLASS + HELD_PER_CLASS; i++) {
            boolean held = i >= TRAINED_PER_CLASS;
            for (String sub : List.of(ImageFolder.CATS, ImageFolder.NON_CATS)) {
                String id = sub + "/img" + i + ".png";
                boolean isCat = sub.equals(ImageFolder.CATS);
                ProducerRecord<String, byte[]> r = ImageSender.record(topics.images(), id,
                        held && !heldHaveTruth ? null : isCat, Files.readAllBytes(data.resolve(id)));
                records.add(new ProducerRecord<>(r.topic(), null, held ? now : now - 3_600_000, r.key(), r.value(), r.headers()));
            }
        }
        StreamTestKit.send(settings, records);
        return topics;
    }

    private static CliRun retrainOnce(String prefix, Path outDir) {
        return CliRun.of("retrain", "--once", "--recipe", "mlp", "--image-size", "8", "--arch", "dense4,dense1",
                "--epochs", "2", "--batch-size", "8", "--min-examples", "10", "--name", NAME, "--backtest", "10m",
                "--out-dir", outDir.toString(), "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", prefix);
    }

    private static ModelRegistry registry(ScoringTopics topics) {
        return RegistryTopic.load(KAFKA.settings(), topics.modelWeights(), ModelRecordValidator.unsigned(), null,
                StreamTestKit.DEADLINE);
    }

    @Test
    void shouldPublishWithoutABacktestAndSaySoWhenNoImageOfTheHeldOutSpanHasTruth() throws IOException {
        ScoringTopics topics = imagesAndChampion("rbn.", false);

        CliRun round = retrainOnce("rbn.", StreamTestKit.tempDir("rbn-models"));

        assertThat(round.exitCode()).as(round.toString()).isZero();
        assertThat(round.out()).contains("retrain: no backtest: no image in [" + topics.images() + ":")
                .contains("has truth (left out: {no-truth=" + 2 * HELD_PER_CLASS + "})")
                .contains("retrain round 1: published " + NAME + "@2 as challenger")
                .contains(2 * TRAINED_PER_CLASS + " images with truth");
        PublishedModel v2 = registry(topics).version(NAME, 2).orElseThrow();
        assertThat(v2.artifact().backtest()).as("published without a backtest").isNull();
        assertThat(v2.artifact().training().source().classes().values().stream().mapToLong(Long::longValue).sum())
                .as("trained on the images before the held-out span only").isEqualTo(2L * TRAINED_PER_CLASS);
    }

    @Test
    void shouldFailTheRoundAndPublishNothingWhenTheBacktestCannotReadLabelledPredictions() throws Exception {
        ScoringTopics topics = imagesAndChampion("rbf.", true);
        try (Admin admin = Admin.create(KAFKA.settings().clientConfig(Map.of()))) {
            admin.deleteTopics(List.of(topics.labelledPredictions())).all().get();
        }

        CliRun round = retrainOnce("rbf.", StreamTestKit.tempDir("rbf-models"));

        assertThat(round.exitCode()).as(round.toString()).isEqualTo(2);
        assertThat(round.err().strip().lines()).as(round.toString()).hasSize(1);
        assertThat(round.err()).contains("topic " + topics.labelledPredictions() + " does not exist");
        assertThat(round.out()).doesNotContain("no backtest").doesNotContain("published");
        assertThat(registry(topics).versions(NAME)).as("nothing published: v1 alone").hasSize(1);
    }
}
