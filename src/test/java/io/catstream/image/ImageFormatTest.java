package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void shouldRecogniseEachSupportedFormatByItsMagicBytes() {
        for (ImageFormat format : ImageFormat.values()) {
            byte[] bytes = TestImages.encode(TestImages.solid(3, 3, Color.GREEN), format.imageIoName());

            assertThat(ImageFormat.sniff(bytes)).isEqualTo(format);
        }
    }

    @Test
    void shouldNotTakeTextStartingWithBmForABitmap() {
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class,
                () -> ImageFormat.sniff("BM is how this sentence starts".getBytes()));

        assertThat(e.reason()).isEqualTo(RejectReason.NOT_AN_IMAGE);
        assertThat(e.getMessage()).contains("424d");
    }
}
