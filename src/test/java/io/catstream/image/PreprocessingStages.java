package io.catstream.image;

import java.awt.image.BufferedImage;

/**
 * The preprocessing stages one at a time, for benchmarks outside this package, each current one next to the
 * one it replaced: decode, RGB conversion, resize, /255.
 */
public final class PreprocessingStages {

    private PreprocessingStages() {
    }

    public static BufferedImage decode(byte[] bytes) {
        return ImageDecoder.decodeFirstFrame(bytes, ImageFormat.sniff(bytes), ImageLimits.defaults());
    }

    /** The decoder as it was: the reader's own image type ({@code TYPE_3BYTE_BGR} for a colour JPEG). */
    public static BufferedImage decodeBaseline(byte[] bytes) {
        return ImageDecoder.decodeFirstFrame(bytes, ImageFormat.sniff(bytes), ImageLimits.defaults(), false);
    }

    public static RgbImage toRgb(BufferedImage image) {
        return RgbConverter.toRgb(image);
    }

    public static RgbImage toRgbGeneric(BufferedImage image) {
        return RgbConverter.toRgbGeneric(image);
    }

    private static final ResampleRows SCALAR_ROWS = new ScalarResampleRows();

    public static RgbImage resize(RgbImage image, int size) {
        return PillowBilinearResizer.resize(image, size, size);
    }

    /** The resize with the scalar vertical pass: what runs without {@code jdk.incubator.vector}. */
    public static RgbImage resizeScalarRows(RgbImage image, int size) {
        return PillowBilinearResizer.resize(image, size, size, SCALAR_ROWS);
    }

    public static RgbImage resizeBaseline(RgbImage image, int size) {
        return PillowBilinearResizerBaseline.resize(image, size, size);
    }

    /** The current {@code /255}: a table lookup per feature. */
    public static void scaleByTable(byte[] rgb, double[] dst) {
        ImagePreprocessor.scale(rgb, dst.length, dst, 0, 1);
    }

    /** The old {@code /255}: a division per feature. */
    public static void scaleByDivision(byte[] rgb, double[] dst) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] = (rgb[i] & 0xFF) / 255.0;
        }
    }

    /**
     * {@code ImagePreprocessor.writeFeatures} as it was before: the reader's own image type, generic RGB
     * conversion, the baseline resizer, a division per feature.
     */
    public static void writeFeaturesBaseline(byte[] bytes, int size, double[] dst) {
        ImageFormat format = ImageFormat.sniff(bytes);
        RgbImage rgb = RgbConverter.toRgbGeneric(ImageDecoder.decodeFirstFrame(bytes, format, ImageLimits.defaults(), false));
        RgbImage upright = format == ImageFormat.JPEG ? ExifOrientationReader.read(bytes).apply(rgb) : rgb;
        scaleByDivision(PillowBilinearResizerBaseline.resize(upright, size, size).pixels(), dst);
    }
}
