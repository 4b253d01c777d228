package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JPEGs are turned upright by their EXIF orientation; broken EXIF is ignored, never fatal. */
class ExifOrientationTest {

    // 16 wide, 8 high, left half red, right half blue.
    private static final byte[] RED_LEFT_BLUE_RIGHT =
            TestImages.jpeg(TestImages.halves(16, 8, Color.RED, Color.BLUE), 0.95f, false);

    private final ImagePreprocessor preprocessor = ImagePreprocessor.withDefaults();

    @TempDir
    Path work;

    @Test
    void shouldRotateClockwiseForOrientationSixSoTheLeftHalfEndsOnTop() {
        RgbImage upright = preprocessor.toUprightRgb(withOrientation(RED_LEFT_BLUE_RIGHT, 6, true));

        assertThat(upright.width()).isEqualTo(8);
        assertThat(upright.height()).isEqualTo(16);
        assertRedAt(upright, 4, 2);
        assertBlueAt(upright, 4, 13);
    }

    @Test
    void shouldRotateCounterClockwiseForOrientationEightSoTheLeftHalfEndsAtTheBottom() {
        RgbImage upright = preprocessor.toUprightRgb(withOrientation(RED_LEFT_BLUE_RIGHT, 8, false));

        assertThat(upright.width()).isEqualTo(8);
        assertThat(upright.height()).isEqualTo(16);
        assertBlueAt(upright, 4, 2);
        assertRedAt(upright, 4, 13);
    }

    @Test
    void shouldTurnUpsideDownForOrientationThreeSoLeftAndRightSwap() {
        RgbImage upright = preprocessor.toUprightRgb(withOrientation(RED_LEFT_BLUE_RIGHT, 3, true));

        assertThat(upright.width()).isEqualTo(16);
        assertThat(upright.height()).isEqualTo(8);
        assertBlueAt(upright, 2, 4);
        assertRedAt(upright, 13, 4);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void shouldOrientLikePillowExifTranspose(int orientation) throws Exception {
        PillowOracle.assumeAvailable();
        byte[] jpeg = withOrientation(TestImages.jpeg(asymmetric(24, 10), 0.95f, false),
                orientation, orientation % 2 == 0);
        Path file = work.resolve("oriented-" + orientation + ".jpg");
        Files.write(file, jpeg);

        RgbImage expected = PillowOracle.upright(file, work);
        RgbImage ours = preprocessor.toUprightRgb(jpeg);

        assertThat(ours.width()).isEqualTo(expected.width());
        assertThat(ours.height()).isEqualTo(expected.height());
        assertThat(ours.pixels()).isEqualTo(expected.pixels());
    }

    @Test
    void shouldIgnoreGarbageExifAndKeepTheImageAsStored() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            byte[] garbage = new byte[random.nextInt(60)];
            random.nextBytes(garbage);
            if (round % 2 == 0 && garbage.length >= 8) {
                // A plausible TIFF header with nonsense offsets and counts behind it.
                System.arraycopy(new byte[] {'M', 'M', 0, 42}, 0, garbage, 0, 4);
            }
            byte[] jpeg = withApp1(RED_LEFT_BLUE_RIGHT, exifPayload(garbage));

            RgbImage upright = preprocessor.toUprightRgb(jpeg);

            assertThat(upright.width()).as("round %d", round).isEqualTo(16);
            assertRedAt(upright, 2, 4);
        }
    }

    @Test
    void shouldIgnoreOrientationValueOutsideOneToEight() {
        RgbImage upright = preprocessor.toUprightRgb(withOrientation(RED_LEFT_BLUE_RIGHT, 9, true));

        assertThat(upright.width()).isEqualTo(16);
        assertRedAt(upright, 2, 4);
    }

    @Test
    void shouldNotApplyExifOrientationToPng() {
        // Only JPEG orientation is read; a PNG is always taken as stored (as the reference does).
        byte[] png = TestImages.encode(TestImages.halves(16, 8, Color.RED, Color.BLUE), "png");

        assertThat(preprocessor.toUprightRgb(png).width()).isEqualTo(16);
    }

    /** A JPEG with an APP1 Exif segment holding only IFD0 with one orientation entry. */
    static byte[] withOrientation(byte[] jpeg, int orientation, boolean bigEndian) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        if (bigEndian) {
            tiff.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}); // header, IFD0 at 8
            tiff.writeBytes(new byte[] {0, 1}); // one entry
            tiff.writeBytes(new byte[] {0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0});
        } else {
            tiff.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
            tiff.writeBytes(new byte[] {1, 0});
            tiff.writeBytes(new byte[] {0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0});
        }
        tiff.writeBytes(new byte[] {0, 0, 0, 0}); // no next IFD
        return withApp1(jpeg, exifPayload(tiff.toByteArray()));
    }

    private static byte[] exifPayload(byte[] tiff) {
        return TestImages.concat(new byte[] {'E', 'x', 'i', 'f', 0, 0}, tiff);
    }

    private static byte[] withApp1(byte[] jpeg, byte[] payload) {
        int length = payload.length + 2;
        byte[] segment = TestImages.concat(
                new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length}, payload);
        return ImageFormatsTest.insertAfterSoi(jpeg, segment);
    }

    /** No symmetry at all: every pixel's colour encodes its position. */
    private static BufferedImage asymmetric(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, new Color(x * 255 / width, y * 255 / height, 128).getRGB());
            }
        }
        return image;
    }

    private static void assertRedAt(RgbImage image, int x, int y) {
        assertThat(image.sample(x, y, 0)).as("R at (%d, %d)", x, y).isGreaterThan(230);
        assertThat(image.sample(x, y, 2)).as("B at (%d, %d)", x, y).isLessThan(25);
    }

    private static void assertBlueAt(RgbImage image, int x, int y) {
        assertThat(image.sample(x, y, 0)).as("R at (%d, %d)", x, y).isLessThan(25);
        assertThat(image.sample(x, y, 2)).as("B at (%d, %d)", x, y).isGreaterThan(230);
    }
}
