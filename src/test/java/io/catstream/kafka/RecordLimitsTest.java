package io.catstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.image.ImageLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordLimitsTest {

    @Test
    void shouldTakeTheLimitsFromTheTopicsMaxMessageBytes() {
        TopicCatalog catalog = new TopicCatalog(List.of(
                new TopicSpec(Topics.IMAGES, 6, (short) 1, Map.of("max.message.bytes", "3000")),
                new TopicSpec(Topics.MODEL_WEIGHTS, 1, (short) 1, Map.of("max.message.bytes", "2000"))));

        RecordLimits limits = RecordLimits.of(catalog);

        assertThat(limits.imageRecordBytes()).isEqualTo(3000);
        assertThat(limits.modelRecordBytes()).isEqualTo(2000);
        assertThat(limits.modelFetchBytes()).isEqualTo(2000 + RecordLimits.FETCH_OVERHEAD_BYTES);
    }

    @Test
    void shouldLetThePhotoSizeLimitPlusKeyAndHeadersThroughTheImageTopics() {
        TopicCatalog catalog = TopicCatalog.builtIn();
        int images = RecordLimits.builtIn().imageRecordBytes();

        assertThat((long) images).isGreaterThanOrEqualTo(ImageLimits.DEFAULT_MAX_BYTES + 1024 * 1024);
        // a dead letter carries the image it could not score: its topic must take what images takes
        assertThat(catalog.find(Topics.IMAGES_DLQ).orElseThrow().configs())
                .containsEntry("max.message.bytes", Integer.toString(images));
    }

    @Test
    void shouldRefuseACatalogWithoutTheSetting() {
        TopicCatalog catalog = new TopicCatalog(List.of(
                new TopicSpec(Topics.IMAGES, 6, (short) 1, Map.of()),
                new TopicSpec(Topics.MODEL_WEIGHTS, 1, (short) 1, Map.of("max.message.bytes", "2000"))));

        assertThatThrownBy(() -> RecordLimits.of(catalog))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("images").hasMessageContaining("max.message.bytes");
    }
}
