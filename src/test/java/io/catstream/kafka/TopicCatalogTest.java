package io.catstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicCatalogTest {

    @TempDir
    Path dir;

    @Test
    void shouldDefineEveryCatstreamTopicWithACompactedSingleModelPartition() {
        TopicCatalog catalog = TopicCatalog.builtIn();

        assertThat(catalog.topics()).extracting(TopicSpec::logicalName).containsExactly(Topics.IMAGES, Topics.IMAGE_LABELS,
                Topics.IMAGES_DLQ, Topics.MODEL_WEIGHTS, Topics.MODEL_ACCURACY, Topics.IMAGE_TRUTH, Topics.LABELLED_PREDICTIONS,
                Topics.TRUTH_DLQ, Topics.SHADOW_PREDICTIONS);
        TopicSpec weights = catalog.find(Topics.MODEL_WEIGHTS).orElseThrow();
        assertThat(weights.partitions()).isEqualTo(1);
        assertThat(weights.replicationFactor()).isEqualTo((short) 1);
        assertThat(weights.configs()).containsEntry("cleanup.policy", "compact").containsEntry("max.message.bytes", "16777216");
        assertThat(catalog.find(Topics.IMAGES).orElseThrow().partitions())
                .isEqualTo(catalog.find(Topics.IMAGE_LABELS).orElseThrow().partitions())
                .as("truth is joined in the task of its image's partition").isEqualTo(catalog.find(Topics.IMAGE_TRUTH).orElseThrow().partitions())
                .isEqualTo(catalog.find(Topics.LABELLED_PREDICTIONS).orElseThrow().partitions())
                .as("shadow scores are written by the task that scored the image").isEqualTo(catalog.find(Topics.SHADOW_PREDICTIONS).orElseThrow().partitions());
        assertThat(catalog.withReplicationFactor((short) 3).topics()).allMatch(t -> t.replicationFactor() == 3);
    }

    @Test
    void shouldRefuseACatalogWithoutPartitions() throws Exception {
        Path file = Files.writeString(dir.resolve("t.yaml"), "topics:\n  images:\n    configs: {retention.ms: 1}\n");

        assertThatThrownBy(() -> TopicCatalog.read(file)).hasMessageContaining("topic images needs 'partitions: N'");
    }

    @Test
    void shouldMapLogicalNamesWithAPrefixUnlessOverridden() {
        TopicNames names = new TopicNames("dev.", Map.of(Topics.MODEL_WEIGHTS, "ml.cat-models"));

        assertThat(names.resolve(Topics.IMAGES)).isEqualTo("dev.images");
        assertThat(names.modelWeights()).isEqualTo("ml.cat-models");
        assertThatThrownBy(() -> TopicNames.withPrefix("bad prefix")).isInstanceOf(IllegalArgumentException.class);
    }
}
