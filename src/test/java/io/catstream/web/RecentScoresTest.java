package io.catstream.web;

import io.catstream.stream.Label;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecentScoresTest {

    private static Label label(int i) {
        return new Label("img-" + i, i % 2 == 0, 0.5, "catstream", 1, null, Instant.EPOCH);
    }

    private static final double[] FEATURES = new double[3 * 8 * 8];

    @Test
    void shouldKeepOnlyTheLastImagesNewestFirst() {
        long[] now = {0};
        RecentScores recent = new RecentScores(3, Duration.ofMillis(10), () -> now[0]);
        for (int i = 1; i <= 5; i++) {
            recent.add(label(i), FEATURES, 8);
            now[0] += Duration.ofMillis(10).toNanos();
        }

        assertThat(recent.newestFirst()).extracting(r -> r.label().imageId()).containsExactly("img-5", "img-4", "img-3");
        assertThat(recent.added()).isEqualTo(5);
    }

    @Test
    void shouldKeepABurstOfCapacityThenOneImagePerIntervalWhenImagesComeFaster() {
        long[] now = {0};
        RecentScores recent = new RecentScores(3, Duration.ofMillis(10), () -> now[0]);
        for (int i = 1; i <= 20; i++) { // one image a millisecond: 3 at once, then one per 10 ms
            recent.add(label(i), FEATURES, 8);
            now[0] += Duration.ofMillis(1).toNanos();
        }

        assertThat(recent.newestFirst()).extracting(r -> r.label().imageId()).containsExactly("img-11", "img-3", "img-2");
        assertThat(recent.added()).isEqualTo(20);
    }

    @Test
    void shouldKeepAFirstBurstOfCapacityImagesByDefault() {
        RecentScores recent = new RecentScores(24);
        for (int i = 1; i <= 100; i++) {
            recent.add(label(i), FEATURES, 8);
        }

        assertThat(recent.newestFirst()).extracting(r -> r.label().imageId()).hasSize(24).startsWith("img-24").endsWith("img-1");
        assertThat(recent.added()).isEqualTo(100);
    }

    @Test
    void shouldKeepNothingWhenThumbnailsAreOff() {
        RecentScores recent = new RecentScores(0);
        recent.add(label(1), FEATURES, 8);

        assertThat(recent.newestFirst()).isEmpty();
    }

    @Test
    void shouldAverageTheFeaturesDownToAThumbnailOfAtMostTheGivenSide() {
        int size = 128;
        double[] features = new double[3 * size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                features[3 * (y * size + x)] = x % 2 == 0 ? 1.0 : 0.0; // red stripes one pixel wide
                features[3 * (y * size + x) + 2] = 1.0;                 // full blue
            }
        }
        Arrays.fill(features, 1, 2, 0);

        Thumbnail thumbnail = Thumbnail.fromFeatures(features, size, 64);

        assertThat(thumbnail.side()).isEqualTo(64);
        assertThat(thumbnail.dataUri()).startsWith("data:image/png;base64,");
        assertThat(thumbnail.png()).isNotEmpty();
    }
}
