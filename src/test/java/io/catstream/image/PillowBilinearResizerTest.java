package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cached-table, row-wise resizer against the line-by-line port it replaced (PillowParityTest checks Pillow). */
class PillowBilinearResizerTest {

    @Test
    void shouldGiveTheBytesOfTheLineByLinePortForShrinkingGrowingAndOneAxisResizes() {
        Random random = new Random(17);
        int[][] sizes = {{256, 191, 128, 128}, {191, 256, 128, 128}, {128, 300, 128, 128}, {300, 128, 128, 128},
                {1, 1, 128, 128}, {7, 5, 128, 128}, {640, 480, 128, 128}, {128, 128, 64, 200}, {33, 2000, 17, 9}};
        for (int round = 0; round < 2; round++) { // the second round reads the tables from the cache
            for (int[] s : sizes) {
                byte[] pixels = new byte[3 * s[0] * s[1]];
                random.nextBytes(pixels);
                RgbImage image = new RgbImage(s[0], s[1], pixels);

                assertThat(PillowBilinearResizer.resize(image, s[2], s[3]).pixels())
                        .as("%dx%d to %dx%d", s[0], s[1], s[2], s[3])
                        .isEqualTo(PillowBilinearResizerBaseline.resize(image, s[2], s[3]).pixels());
            }
        }
    }
}
