package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API rows of the resize against the scalar ones (which PillowBilinearResizerTest and PillowParityTest tie to Pillow). */
class ResampleRowsTest {

    private final ResampleRows scalar = new ScalarResampleRows();
    private final ResampleRows vector = new VectorResampleRows();

    @Test
    void shouldPickTheVectorRowsWhenTheModuleIsPresent() {
        // The tests run with --add-modules jdk.incubator.vector, as bin/catstream and the Docker image do.
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        assertThat(ResampleRows.fastestAvailable()).isInstanceOf(VectorResampleRows.class);
    }

    @Test
    void shouldGiveTheScalarBytesForRandomSizesUpAndDownOnePixelAndOddWidths() {
        Random random = new Random(23);
        int[] edges = {1, 2, 3, 4, 5, 6, 7, 15, 16, 17, 31, 33, 63, 65, 127, 128, 129, 191, 256, 300};
        int compared = 0;
        for (int round = 0; round < 400; round++) {
            int inWidth = round < edges.length ? edges[round] : 1 + random.nextInt(400);
            int inHeight = round < edges.length ? edges[edges.length - 1 - round] : 1 + random.nextInt(400);
            int outWidth = 1 + random.nextInt(round % 3 == 0 ? 40 : 260);
            int outHeight = 1 + random.nextInt(round % 4 == 0 ? 40 : 260);
            byte[] pixels = new byte[3 * inWidth * inHeight];
            random.nextBytes(pixels);
            RgbImage image = new RgbImage(inWidth, inHeight, pixels);

            byte[] expected = PillowBilinearResizer.resize(image, outWidth, outHeight, scalar).pixels();
            assertThat(PillowBilinearResizer.resize(image, outWidth, outHeight, vector).pixels())
                    .as("%dx%d to %dx%d", inWidth, inHeight, outWidth, outHeight)
                    .isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isEqualTo(400);
    }

    @Test
    void shouldSaturateLikeClip8WhenWeightsAreNegativeOrAboveOne() {
        // Pillow's bilinear weights are never negative, but the rows must still clamp both ways as clip8 does.
        Random random = new Random(29);
        for (int stride : new int[] {1, 15, 16, 17, 48, 100}) {
            byte[] src = new byte[5 * stride];
            random.nextBytes(src);
            int[] w = {-(1 << 21), 4 << 20, -(1 << 20), 4 << 20, -(1 << 21)}; // 255·(sum of positive weights) < 2^31
            byte[] fromScalar = new byte[stride];
            byte[] fromVector = new byte[stride];
            scalar.rows5(src, 0, stride, w, 0, fromScalar, 0);
            vector.rows5(src, 0, stride, w, 0, fromVector, 0);
            assertThat(fromVector).as("five rows of %d", stride).isEqualTo(fromScalar);
            scalar.rows(src, 0, stride, 5, w, 0, fromScalar, 0);
            vector.rows(src, 0, stride, 5, w, 0, fromVector, 0);
            assertThat(fromVector).as("general rows of %d", stride).isEqualTo(fromScalar);
            if (stride >= 48) {
                assertThat(fromScalar).as("some sums saturate at 0 and at 255").contains((byte) 0, (byte) 255);
            }
        }
    }
}
