package io.catstream.image;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A corpus of hostile and awkward image inputs, built in code, each with the outcome the scorer must give: a label,
 * or a dead letter with its reason code. Used by {@code HostileImagesTest} (the preprocessor alone, with allocation
 * bounds) and {@code BadImagesIT} (through a running scorer on a real broker). Reuses the builders of
 * {@link ImageFormatsTest} and {@link ImageRejectionTest}.
 */
public final class HostileImages {

    /** The outcome a scorer must give: {@value} instead of a dead-letter reason. */
    public static final String LABEL = "label";

    /**
     * @param name     stable id, used as the record key
     * @param bytes    the record value
     * @param expected {@link #LABEL} or a {@link RejectReason#code()} (or {@code empty})
     * @param bomb     a header claiming more pixels than the limits: must be refused before any pixel is allocated
     */
    public record Case(String name, byte[] bytes, String expected, boolean bomb) {
        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes) -> " + expected;
        }
    }

    private HostileImages() {
    }

    /** Every case, for {@link ImageLimits#defaults()}. */
    public static List<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty", new byte[0], RejectReason.EMPTY.code(), false));
        byte[] noise = new byte[8192];
        new Random(11).nextBytes(noise);
        noise[0] = 0x12; // no magic number by chance
        cases.add(new Case("random-8k", noise, RejectReason.NOT_AN_IMAGE.code(), false));
        byte[] shortNoise = new byte[3];
        new Random(5).nextBytes(shortNoise);
        shortNoise[0] = 0x01;
        cases.add(new Case("random-3", shortNoise, RejectReason.NOT_AN_IMAGE.code(), false));

        // each format truncated at several points: inside the header, early, middle, one byte short
        BufferedImage picture = noisePicture(96, 64);
        byte[][] wholes = {TestImages.jpeg(picture, 0.9f, false), TestImages.encode(picture, "png"),
            TestImages.encode(indexed(picture), "gif"), TestImages.encode(picture, "bmp")};
        String[] formats = {"jpeg", "png", "gif", "bmp"};
        for (int f = 0; f < formats.length; f++) {
            byte[] whole = wholes[f];
            cases.add(new Case(formats[f] + "-whole", whole, LABEL, false));
            // the last cut loses the end marker (JPEG EOI, PNG IEND's CRC) or, for GIF, the image's last data block
            int end = switch (formats[f]) {
                case "jpeg", "gif" -> 2;
                default -> 1;
            };
            for (int cut : new int[] {20, whole.length / 4, whole.length / 2, whole.length * 9 / 10, whole.length - end}) {
                cases.add(new Case(formats[f] + "-cut-at-" + cut, Arrays.copyOf(whole, cut), RejectReason.TRUNCATED.code(), false));
            }
        }

        // a GIF without only its trailer byte still holds its whole first frame: decoded, as Pillow does
        byte[] gif = wholes[2];
        cases.add(new Case("gif-without-trailer", Arrays.copyOf(gif, gif.length - 1), LABEL, false));

        // decompression bombs: tiny files whose headers claim huge canvases
        String tooMany = RejectReason.TOO_MANY_PIXELS.code();
        cases.add(new Case("png-bomb-100000x100000", ImageRejectionTest.pngWithHeaderOnly(100_000, 100_000), tooMany, true));
        cases.add(new Case("png-bomb-8000x6000", ImageRejectionTest.pngWithHeaderOnly(8_000, 6_000), tooMany, true));
        cases.add(new Case("jpeg-bomb-60000x60000", jpegClaiming(60_000), tooMany, true));
        cases.add(new Case("jpeg-bomb-19000x19000", jpegClaiming(19_000), tooMany, true));
        cases.add(new Case("gif-bomb-65535x65535", gifClaiming(0xFFFF, 0xFFFF), tooMany, true));
        cases.add(new Case("gif-bomb-16000x4000", gifClaiming(16_000, 4_000), tooMany, true));

        // BMP headers the JDK reader believes (found by Jazzer): it allocates the header's image size for RLE data and
        // for an embedded JPEG/PNG payload, and decodes that payload without our pixel check. 1.35 GB claimed by 100 bytes.
        long claimed = 0x5089_0000L;
        cases.add(new Case("bmp-rle8-size-bomb", bmpClaiming(true, 1, claimed), RejectReason.TRUNCATED.code(), true));
        cases.add(new Case("bmp-embedded-jpeg-size-bomb", bmpClaiming(false, 4, claimed),
                RejectReason.UNSUPPORTED_FORMAT.code(), true));
        cases.add(new Case("bmp-embedded-png", bmpClaiming(false, 5, 64), RejectReason.UNSUPPORTED_FORMAT.code(), false));
        // uncompressed: the reader reads rows by width and height and ignores the size field, as Pillow does
        cases.add(new Case("bmp-rgb-claiming-1.35-GB", bmpClaiming(false, 0, claimed), LABEL, true));

        // awkward but valid: every one is labelled
        cases.add(new Case("jpeg-cmyk", cmykJpeg(0), LABEL, false));
        cases.add(new Case("jpeg-ycck", cmykJpeg(2), LABEL, false));
        cases.add(new Case("jpeg-progressive", TestImages.jpeg(picture, 0.8f, true), LABEL, false));
        cases.add(new Case("png-16-bit-grey", TestImages.encode(new BufferedImage(9, 7, BufferedImage.TYPE_USHORT_GRAY), "png"),
                LABEL, false));
        cases.add(new Case("png-palette", TestImages.encode(ImageFormatsTest.paletteImage(7, 7, 2), "png"), LABEL, false));
        cases.add(new Case("png-grey-alpha", greyAlphaPng(), LABEL, false));
        cases.add(new Case("gif-animated", animatedGif(), LABEL, false));
        cases.add(new Case("png-1x1", TestImages.encode(TestImages.solid(1, 1, new Color(30, 60, 90)), "png"), LABEL, false));
        cases.add(new Case("png-10000x10", TestImages.encode(TestImages.halves(10_000, 10, Color.RED, Color.BLUE), "png"),
                LABEL, false));
        cases.add(new Case("bmp-1x1", TestImages.encode(TestImages.solid(1, 1, Color.GREEN), "bmp"), LABEL, false));
        return List.copyOf(cases);
    }

    private static BufferedImage noisePicture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    private static BufferedImage indexed(BufferedImage rgb) {
        BufferedImage indexed = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
        indexed.getGraphics().drawImage(rgb, 0, 0, null);
        return indexed;
    }

    /** A real JPEG whose SOF0 frame header claims {@code side}×{@code side}. */
    private static byte[] jpegClaiming(int side) {
        byte[] jpeg = TestImages.jpeg(TestImages.halves(16, 16, Color.RED, Color.BLUE), 0.9f, false);
        int sof = ImageRejectionTest.indexOfMarker(jpeg, 0xC0);
        jpeg[sof + 5] = (byte) (side >> 8);
        jpeg[sof + 6] = (byte) side;
        jpeg[sof + 7] = (byte) (side >> 8);
        jpeg[sof + 8] = (byte) side;
        return jpeg;
    }

    /** A real GIF whose logical screen claims {@code width}×{@code height} (little-endian at bytes 6..9). */
    private static byte[] gifClaiming(int width, int height) {
        byte[] gif = TestImages.encode(TestImages.solid(2, 2, Color.RED), "gif");
        gif[6] = (byte) width;
        gif[7] = (byte) (width >> 8);
        gif[8] = (byte) height;
        gif[9] = (byte) (height >> 8);
        return gif;
    }

    /** A 6×1 BMP (8-bit palette or 24-bit) whose BITMAPINFOHEADER says {@code compression} and {@code pixelBytes}. */
    private static byte[] bmpClaiming(boolean palette, int compression, long pixelBytes) {
        BufferedImage image = palette ? ImageFormatsTest.paletteImage(6, 1, 1) : TestImages.solid(6, 1, Color.RED);
        byte[] bmp = TestImages.encode(image, "bmp");
        writeLittleEndian(bmp, 30, compression);
        writeLittleEndian(bmp, 34, pixelBytes);
        return bmp;
    }

    private static void writeLittleEndian(byte[] b, int at, long value) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /** A 4-channel JPEG with an Adobe APP14 segment: transform 0 = CMYK, 2 = YCCK. */
    private static byte[] cmykJpeg(int transform) {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 24, 16, 4, null);
        ImageFormatsTest.fillBands(cmyk, 255, 0, 0, 255);
        byte[] app14 = ImageFormatsTest.ADOBE_APP14_NO_TRANSFORM.clone();
        app14[app14.length - 1] = (byte) transform;
        try {
            return ImageFormatsTest.insertAfterSoi(ImageFormatsTest.writeRasterAsJpeg(cmyk), app14);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] greyAlphaPng() {
        java.awt.image.ComponentColorModel model = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), true, false,
                java.awt.Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(6, 5);
        ImageFormatsTest.fillBands(raster, 200, 90);
        return TestImages.encode(new BufferedImage(model, raster, false, null), "png");
    }

    private static byte[] animatedGif() {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(ImageFormatsTest.paletteImage(6, 6, 1), null, null), null);
            writer.writeToSequence(new IIOImage(ImageFormatsTest.paletteImage(6, 6, 3), null, null), null);
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
