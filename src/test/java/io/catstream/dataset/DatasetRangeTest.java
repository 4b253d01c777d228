package io.catstream.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.model.DataLineage.OffsetRange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetRangeTest {

    @Test
    void shouldParseExplicitOffsetsIntoHalfOpenRangesInPartitionOrder() {
        DatasetRange range = DatasetRange.parseOffsets("images:3:10-20, images:0:0-42,images:1:7-7", "images");

        assertThat(range.isExplicit()).isTrue();
        assertThat(range.offsets()).containsExactly(new OffsetRange("images", 0, 0, 42), new OffsetRange("images", 1, 7, 7),
                new OffsetRange("images", 3, 10, 20));
        assertThat(range.offsets().get(0).count()).isEqualTo(42);
        assertThat(range.offsets().get(1).count()).isZero();
        assertThat(range.since()).isNull();
    }

    @Test
    void shouldRefuseOffsetsThatAreMalformedEndBeforeTheyStartNameAnotherTopicOrRepeatAPartition() {
        assertThatThrownBy(() -> DatasetRange.parseOffsets("images:0:5", "images")).hasMessageContaining("'images:0:5' is not TOPIC:PARTITION:FROM-TO");
        assertThatThrownBy(() -> DatasetRange.parseOffsets("images:0:9-5", "images")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> DatasetRange.parseOffsets("image-truth:0:0-5", "images")).hasMessageContaining("names topic image-truth");
        assertThatThrownBy(() -> DatasetRange.parseOffsets("images:1:0-5,images:1:5-9", "images")).hasMessageContaining("partition 1")
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> DatasetRange.parseOffsets("images:0:0-5,", "images")).hasMessageContaining("'' is not");
        assertThatThrownBy(() -> DatasetRange.parseOffsets(" ", "images")).hasMessageContaining("got nothing");
    }

    @Test
    void shouldTakeAPrefixedImagesTopicAndRefuseTheUnprefixedOne() {
        assertThat(DatasetRange.parseOffsets("dev.images:2:1-3", "dev.images").offsets())
                .containsExactly(new OffsetRange("dev.images", 2, 1, 3));
        assertThatThrownBy(() -> DatasetRange.parseOffsets("images:2:1-3", "dev.images")).hasMessageContaining("dev.images");
    }

    @Test
    void shouldRefuseAnEmptyTimeRangeAndOffsetsMixedWithTimes() {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");

        assertThat(DatasetRange.times(t, t.plusSeconds(1)).isExplicit()).isFalse();
        assertThat(DatasetRange.times(null, null).offsets()).isEmpty();
        assertThatThrownBy(() -> DatasetRange.times(t, t)).hasMessageContaining("is not before");
        assertThatThrownBy(() -> new DatasetRange(List.of(new OffsetRange("images", 0, 0, 1)), t, null))
                .hasMessageContaining("not both");
    }
}
