package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** Each supported pixel format ends as the same 8-bit RGB Pillow's convert("RGB") gives. */
class ImageFormatsTest {

    private static final int SIZE = 8;
    private final ImagePreprocessor preprocessor = new ImagePreprocessor(
            PreprocessingContract.ofImageSize(SIZE), ImageLimits.defaults());

    @Test
    void shouldTurnSolidRedPngIntoRedFeaturesOfTheContractLength() {
        double[] features = preprocessor.toFeatures(TestImages.encode(
                TestImages.solid(20, 13, Color.RED), "png"));

        assertThat(features).hasSize(3 * SIZE * SIZE);
        assertEveryPixel(features, 1.0, 0.0, 0.0, 0.0);
    }

    @Test
    void shouldCopyGreyLevelsIntoAllThreeChannelsWithoutGammaConversion() {
        // getRGB would turn linear-grey 128 into about 186; Pillow copies L to R, G and B.
        BufferedImage grey = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
        fill(grey.getRaster(), 128);

        double[] features = preprocessor.toFeatures(TestImages.encode(grey, "png"));

        assertEveryPixel(features, 128 / 255.0, 128 / 255.0, 128 / 255.0, 0.0);
    }

    @Test
    void shouldDropAlphaOfGreyAlphaPngWithoutCompositing() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(6, 6);
        fillBands(raster, 200, 0); // fully transparent grey 200: still 200, not a background
        BufferedImage image = new BufferedImage(model, raster, false, null);

        double[] features = preprocessor.toFeatures(TestImages.encode(image, "png"));

        assertEveryPixel(features, 200 / 255.0, 200 / 255.0, 200 / 255.0, 0.0);
    }

    @Test
    void shouldDropAlphaOfRgbaPng() {
        BufferedImage image = new BufferedImage(5, 5, BufferedImage.TYPE_INT_ARGB);
        fillArgb(image, 0x10_20_C0_40); // alpha 0x10 over (0x20, 0xC0, 0x40)

        double[] features = preprocessor.toFeatures(TestImages.encode(image, "png"));

        assertEveryPixel(features, 0x20 / 255.0, 0xC0 / 255.0, 0x40 / 255.0, 0.0);
    }

    @Test
    void shouldScaleSixteenBitGreyToItsHighByte() {
        BufferedImage grey16 = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        fill(grey16.getRaster(), 0xABCD);

        double[] features = preprocessor.toFeatures(TestImages.encode(grey16, "png"));

        assertEveryPixel(features, 0xAB / 255.0, 0xAB / 255.0, 0xAB / 255.0, 0.0);
    }

    @Test
    void shouldScaleSixteenBitRgbToItsHighBytes() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(4, 4);
        fillBands(raster, 0xFF00, 0x1234, 0x0080);
        BufferedImage image = new BufferedImage(model, raster, false, null);

        double[] features = preprocessor.toFeatures(TestImages.encode(image, "png"));

        assertEveryPixel(features, 1.0, 0x12 / 255.0, 0.0, 0.0);
    }

    @Test
    void shouldExpandPalettePngThroughItsPalette() {
        BufferedImage indexed = paletteImage(7, 7, 2); // index 2 = (10, 20, 250)

        double[] features = preprocessor.toFeatures(TestImages.encode(indexed, "png"));

        assertEveryPixel(features, 10 / 255.0, 20 / 255.0, 250 / 255.0, 0.0);
    }

    @Test
    void shouldDecodeGifThroughItsPalette() {
        double[] features = preprocessor.toFeatures(TestImages.encode(paletteImage(9, 5, 1), "gif"));

        assertEveryPixel(features, 1.0, 0.0, 0.0, 0.0); // index 1 = red
    }

    @Test
    void shouldUseOnlyTheFirstFrameOfAnAnimatedGif() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(paletteImage(6, 6, 1), null, null), null); // red
            writer.writeToSequence(new IIOImage(paletteImage(6, 6, 3), null, null), null); // green
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }

        double[] features = preprocessor.toFeatures(out.toByteArray());

        assertEveryPixel(features, 1.0, 0.0, 0.0, 0.0);
    }

    @Test
    void shouldDecodeBmp() {
        double[] features = preprocessor.toFeatures(TestImages.encode(
                TestImages.solid(11, 3, new Color(0, 0, 255)), "bmp"));

        assertEveryPixel(features, 0.0, 0.0, 1.0, 0.0);
    }

    @Test
    void shouldDecodeBaselineAndProgressiveJpegToTheSameColour() {
        BufferedImage green = TestImages.solid(32, 24, new Color(0, 200, 0));

        double[] baseline = preprocessor.toFeatures(TestImages.jpeg(green, 0.95f, false));
        double[] progressive = preprocessor.toFeatures(TestImages.jpeg(green, 0.95f, true));

        // JPEG is lossy and converts through YCbCr: a few levels of error on a flat colour.
        assertEveryPixel(baseline, 0.0, 200 / 255.0, 0.0, 4 / 255.0);
        assertEveryPixel(progressive, 0.0, 200 / 255.0, 0.0, 4 / 255.0);
    }

    @Test
    void shouldConvertCmykJpegToRgb() throws Exception {
        // The JDK writer stores a 4-band raster untransformed but does not say what it is; an
        // Adobe APP14 segment with transform 0 declares it CMYK, as print tools write it. Adobe
        // CMYK stores inverted ink, so (255, 0, 0, 255) means cyan 0, magenta 100%, yellow 100%,
        // black 0: red.
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        fillBands(cmyk, 255, 0, 0, 255);
        byte[] jpeg = insertAfterSoi(writeRasterAsJpeg(cmyk), ADOBE_APP14_NO_TRANSFORM);

        double[] features = preprocessor.toFeatures(jpeg);

        // Colour-managed through a CMYK profile: clearly red, not exactly (255, 0, 0).
        for (int i = 0; i < features.length; i += 3) {
            assertThat(features[i]).isGreaterThan(0.75);
            assertThat(features[i + 1]).isLessThan(0.35);
            assertThat(features[i + 2]).isLessThan(0.35);
        }
    }

    @Test
    void shouldDecodeJpegWithTwelveMonkeysReaderFirst() {
        // CMYK/YCCK support depends on the SPI order putting TwelveMonkeys before the JDK reader.
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();

        assertThat(reader.getClass().getName()).startsWith("com.twelvemonkeys.");
        reader.dispose();
    }

    @Test
    void shouldResizeOnePixelImageToAFlatSquare() {
        double[] features = preprocessor.toFeatures(TestImages.encode(
                TestImages.solid(1, 1, new Color(30, 60, 90)), "png"));

        assertEveryPixel(features, 30 / 255.0, 60 / 255.0, 90 / 255.0, 0.0);
    }

    @Test
    void shouldResizeVeryWideImageKeepingItsLeftAndRightHalves() {
        double[] features = preprocessor.toFeatures(TestImages.encode(
                TestImages.halves(10_000, 10, Color.RED, Color.BLUE), "png"));

        // Shrinking 10000 -> 8 widens the triangle filter to +-1250 source columns around the
        // centre (x + 0.5) * 1250: columns 0..2 reach only into the red half (< 5000), 5..7 only
        // into the blue half, 3 and 4 straddle the edge and mirror each other.
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int i = 3 * (y * SIZE + x);
                double[] pixel = {features[i], features[i + 1], features[i + 2]};
                if (x <= 2) {
                    assertThat(pixel).as("pixel (%d, %d)", x, y).containsExactly(1, 0, 0);
                } else if (x >= 5) {
                    assertThat(pixel).as("pixel (%d, %d)", x, y).containsExactly(0, 0, 1);
                } else {
                    int mirror = 3 * (y * SIZE + (7 - x));
                    assertThat(pixel[0]).isEqualTo(features[mirror + 2]);
                    assertThat(pixel[0] + pixel[2]).isCloseTo(1.0, within(1.5 / 255));
                    assertThat(pixel[1]).isZero();
                }
            }
            assertThat(features[3 * (y * SIZE + 3)]).isGreaterThan(features[3 * (y * SIZE + 3) + 2]);
        }
    }

    /** APP14 "Adobe", version 100, flags 0, 0, transform 0 (no colour transform: CMYK). */
    static final byte[] ADOBE_APP14_NO_TRANSFORM = {
        (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};

    static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
        return TestImages.concat(java.util.Arrays.copyOf(jpeg, 2), segment,
                java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    static byte[] writeRasterAsJpeg(Raster raster) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A 4-entry palette image: 0 black, 1 red, 2 (10, 20, 250), 3 green; every pixel {@code index}. */
    static BufferedImage paletteImage(int width, int height, int index) {
        byte[] r = {0, (byte) 255, 10, 0};
        byte[] g = {0, 0, 20, (byte) 255};
        byte[] b = {0, 0, (byte) 250, 0};
        IndexColorModel palette = new IndexColorModel(2, 4, r, g, b);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, palette);
        fill(image.getRaster(), index);
        return image;
    }

    private static void fill(WritableRaster raster, int value) {
        fillBands(raster, value);
    }

    static void fillBands(WritableRaster raster, int... bandValues) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setPixel(x, y, bandValues);
            }
        }
    }

    private static void fillArgb(BufferedImage image, int argb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, argb);
            }
        }
    }

    private static void assertEveryPixel(double[] features, double r, double g, double b, double tolerance) {
        assertThat(features).hasSize(3 * SIZE * SIZE);
        for (int i = 0; i < features.length; i += 3) {
            assertThat(features[i]).as("R at %d", i / 3).isCloseTo(r, within(tolerance + 1e-12));
            assertThat(features[i + 1]).as("G at %d", i / 3).isCloseTo(g, within(tolerance + 1e-12));
            assertThat(features[i + 2]).as("B at %d", i / 3).isCloseTo(b, within(tolerance + 1e-12));
        }
    }
}
