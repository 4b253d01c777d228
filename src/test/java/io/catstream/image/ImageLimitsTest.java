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
}
