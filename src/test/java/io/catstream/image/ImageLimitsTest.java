package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageLimitsTest {

    @Test
    void shouldDefaultToTwentyMebibytesFortyMegapixelsAndTwentyThousandPerSide() {
        ImageLimits limits = ImageLimits.defaults();

        assertThat(limits.maxBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(limits.maxPixels()).isEqualTo(40_000_000L);
        assertThat(limits.maxSide()).isEqualTo(20_000);
    }

    @Test
    void shouldRefuseNonPositiveLimits() {
        assertThatThrownBy(() -> new ImageLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageLimits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageLimits(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageLimits(3L << 30, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameThePixelCountAndTheLimitWhenRefusingDimensions() {
        assertThatThrownBy(() -> ImageLimits.defaults().withMaxSide(40_000).checkDimensions(25_000, 30_000))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS))
                .hasMessage("image is 25000x30000 = 750000000 pixels, above the limit of 40000000"
                        + " (set --max-pixels)");
    }

    @Test
    void shouldGiveEveryReasonALowercaseHyphenatedCode() {
        assertThat(RejectReason.TOO_MANY_PIXELS.code()).isEqualTo("too-many-pixels");
        assertThat(RejectReason.NOT_AN_IMAGE.code()).isEqualTo("not-an-image");
        assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::code))
                .allMatch(code -> code.matches("[a-z]+(-[a-z]+)*"))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldLowerThePixelLimitSoThatEveryThreadsWorstCaseDecodeFitsInHalfTheHeap() {
        ImageLimits defaults = ImageLimits.defaults();

        // 256 MiB: half is 134,217,728 bytes, for 2 threads × 7 bytes per pixel → 9,586,980 pixels
        assertThat(defaults.fittingHeap(256L << 20, 2).maxPixels()).isEqualTo(9_586_980L);
        assertThat(defaults.fittingHeap(256L << 20, 2).maxBytes()).isEqualTo(defaults.maxBytes());
        // enough heap: the configured limit stays (3 GiB / 2 / 14 = 115 M > 40 M)
        assertThat(defaults.fittingHeap(3L << 30, 2)).isEqualTo(defaults);
        assertThat(defaults.withMaxPixels(1_000_000).fittingHeap(256L << 20, 2).maxPixels()).isEqualTo(1_000_000L);
    }
}
