package io.catstream.stream;

import io.catstream.send.ImageSender;
import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringApp;
import io.catstream.serve.ScoringConfig;
import io.catstream.testsupport.EmbeddedBroker;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.kafka.KafkaSettings;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two scorer instances with one application id: they split the partitions, both follow every model, labels once. */
class ScoringScaleOutIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static int activeTasks(ScoringApp app) {
        return app.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    /** The partitions of {@code topic} this instance processes. */
    private static Set<Integer> partitionsOf(ScoringApp app, String topic) {
        return app.streams().metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream()).filter(tp -> tp.topic().equals(topic))
                .map(TopicPartition::partition).collect(Collectors.toSet());
    }

    private static double scored(ScoringApp app) {
        return app.context().metrics().registry().find("catstream.images.scored").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shouldSplitThePartitionsBetweenTwoInstancesThatBothFollowEveryModelAndLabelEachImageOnce() {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "scale.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        ScoringConfig config = StreamTestKit.config(KAFKA.settings(), topics, "scale-scorer", null).withStreamThreads(1);
        try (ScoringApp a = ScoringApp.start(config.withStateDir(StreamTestKit.tempDir("scale-a")));
             ScoringApp b = ScoringApp.start(config.withStateDir(StreamTestKit.tempDir("scale-b")))) {
            await().atMost(DEADLINE).until(() -> a.health().healthy() && b.health().healthy()
                    && activeTasks(a) > 0 && activeTasks(b) > 0 && partitionsOf(a, topics.images()).size() + partitionsOf(b, topics.images()).size() == 6);
            int partitions = StreamTestKit.partitions(KAFKA.settings(), topics.images());

            List<ImageSource> photos = StreamTestKit.articleImages(40);
            try (ImageSender sender = new ImageSender(KAFKA.settings(), topics.images())) {
                sender.send(photos.subList(0, 50), 0, 0, 1, null);
            }
            List<Label> first = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 50));
            StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(2));
            await().atMost(DEADLINE).until(() -> a.context().active().current().version() == 2
                    && b.context().active().current().version() == 2);
            try (ImageSender sender = new ImageSender(KAFKA.settings(), topics.images())) {
                sender.send(photos.subList(50, 80), 0, 0, 1, null);
            }
            List<Label> all = StreamTestKit.labels(StreamTestKit.readCommitted(KAFKA.settings(), topics.labels(), 80));

            Set<Integer> ofA = partitionsOf(a, topics.images());
            Set<Integer> ofB = partitionsOf(b, topics.images());
            System.out.printf("images partitions: instance a %s, instance b %s%n", ofA, ofB);
            assertThat(ofA).doesNotContainAnyElementsOf(ofB);
            assertThat(ofA.size() + ofB.size()).isEqualTo(partitions);
            assertThat(first).allSatisfy(l -> assertThat(l.modelVersion()).isEqualTo(1));
            assertThat(all).hasSize(80);
            assertThat(all.stream().map(Label::imageId).distinct()).hasSize(80);
            assertThat(all.stream().filter(l -> l.modelVersion() == 2).count()).isEqualTo(30);
            assertThat(scored(a)).isPositive();
            assertThat(scored(b)).isPositive();
            assertThat(scored(a) + scored(b)).isEqualTo(80);
            assertThat(a.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(b.streams().metadataForLocalThreads()).extracting(ThreadMetadata::threadState).containsOnly("RUNNING");
        }
    }
}
