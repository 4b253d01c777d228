package io.catstream.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Any decoded {@link BufferedImage} to 8-bit RGB the way Pillow's {@code convert("RGB")} does it.
 *
 * <p>We read raster samples, never {@code getRGB}: {@code getRGB} colour-manages (a grey image's
 * linear-grey colour space turns 128 into about 186, and an embedded ICC profile would shift every
 * value), while Pillow copies the stored numbers. So:
 * <ul>
 *   <li>grey: R = G = B = L;</li>
 *   <li>alpha is dropped, not composited on a background;</li>
 *   <li>palette indices are looked up in the palette;</li>
 *   <li>16-bit samples become {@code v >> 8}. Pillow does the same for 16-bit RGB PNGs, but for
 *       16-bit grey ({@code I;16}) it clips to 255 instead, which makes almost every real 16-bit
 *       grey photo white; we deliberately scale;</li>
 *   <li>samples narrower than 8 bits (BMP 5-6-5) become {@code v * 255 / max}, as Pillow's
 *       unpackers do;</li>
 *   <li>any other colour space (a CMYK raster, should a reader return one) goes through
 *       {@link ColorConvertOp} to sRGB. TwelveMonkeys already turns CMYK/YCCK JPEGs into RGB
 *       with their ICC profile, where Pillow uses a naive formula: those images differ from the
 *       reference by design.</li>
 * </ul>
 *
 * <p>Fast paths: the rasters decoders return for nearly every photo (8-bit interleaved bytes as in
 * {@code TYPE_3BYTE_BGR} / {@code TYPE_BYTE_GRAY}, or 8-bit packed ints as in {@code TYPE_INT_RGB}) are copied
 * straight from their backing array; they give the same bytes as the generic per-row {@code getPixels} path
 * ({@code RgbConverterTest} checks both on each layout), which stays for everything else.
 */
final class RgbConverter {

    private RgbConverter() {
    }

    static RgbImage toRgb(BufferedImage image) {
        return convert(image, true);
    }

    /** The generic path alone, without the fast paths: the baseline of tests and benchmarks. */
    static RgbImage toRgbGeneric(BufferedImage image) {
        return convert(image, false);
    }

    private static RgbImage convert(BufferedImage image, boolean fastPaths) {
        ColorModel colorModel = image.getColorModel();
        if (colorModel instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette);
        }
        int colorSpaceType = colorModel.getColorSpace().getType();
        int colorComponents = colorModel.getNumColorComponents();
        boolean grey = colorSpaceType == ColorSpace.TYPE_GRAY && colorComponents == 1;
        boolean rgb = colorSpaceType == ColorSpace.TYPE_RGB && colorComponents == 3;
        if (!grey && !rgb) {
            return convert(toSrgb(image), fastPaths);
        }
        RgbImage fast = fastPaths ? fromBackingArray(image.getRaster(), grey) : null;
        return fast != null ? fast : fromComponents(image.getRaster(), grey);
    }

    /**
     * The colour bands copied straight out of the raster's array when its layout is one of the plain 8-bit ones,
     * else null (the caller takes the generic path). Only a raster that starts its array at (0, 0) qualifies: a
     * child raster or an offset data buffer goes the generic way.
     */
    private static RgbImage fromBackingArray(Raster raster, boolean grey) {
        SampleModel model = raster.getSampleModel();
        DataBuffer buffer = raster.getDataBuffer();
        if (raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || raster.getMinX() != 0 || raster.getMinY() != 0 || buffer.getNumBanks() != 1 || buffer.getOffset() != 0) {
            return null;
        }
        int colorBands = grey ? 1 : 3;
        for (int c = 0; c < colorBands; c++) {
            if (model.getSampleSize(c) != 8) {
                return null;
            }
        }
        if (model instanceof ComponentSampleModel components && buffer instanceof DataBufferByte bytes
                && buffer.getDataType() == DataBuffer.TYPE_BYTE) {
            return fromInterleavedBytes(raster, components, bytes.getData(), grey);
        }
        if (model instanceof SinglePixelPackedSampleModel packed && buffer instanceof DataBufferInt ints && !grey) {
            return fromPackedInts(raster, packed, ints.getData());
        }
        return null;
    }

    /** One byte per sample, bands at {@code bandOffsets} inside a pixel of {@code pixelStride} bytes. */
    private static RgbImage fromInterleavedBytes(Raster raster, ComponentSampleModel model, byte[] src, boolean grey) {
        int[] banks = model.getBankIndices();
        for (int bank : banks) {
            if (bank != 0) {
                return null;
            }
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        int pixelStride = model.getPixelStride();
        int scanlineStride = model.getScanlineStride();
        int[] offsets = model.getBandOffsets();
        if (!grey && pixelStride == 3 && scanlineStride == 3 * width && offsets[0] == 0 && offsets[1] == 1
                && offsets[2] == 2 && src.length == 3L * width * height) {
            // already RgbImage's layout (ImageDecoder decodes photos this way): share the array, as RgbImage does
            return new RgbImage(width, height, src);
        }
        RgbImage out = RgbImage.blank(width, height);
        byte[] dst = out.pixels();
        int d = 0;
        if (grey) {
            int o = offsets[0];
            for (int y = 0; y < height; y++) {
                for (int s = y * scanlineStride + o, end = s + width * pixelStride; s < end; s += pixelStride) {
                    byte v = src[s];
                    dst[d] = v;
                    dst[d + 1] = v;
                    dst[d + 2] = v;
                    d += 3;
                }
            }
        } else {
            int r = offsets[0];
            int g = offsets[1];
            int b = offsets[2];
            for (int y = 0; y < height; y++) {
                for (int s = y * scanlineStride, end = s + width * pixelStride; s < end; s += pixelStride) {
                    dst[d] = src[s + r];
                    dst[d + 1] = src[s + g];
                    dst[d + 2] = src[s + b];
                    d += 3;
                }
            }
        }
        return out;
    }

    /** One int per pixel, 8-bit R, G, B fields at the sample model's bit offsets (alpha, if any, ignored). */
    private static RgbImage fromPackedInts(Raster raster, SinglePixelPackedSampleModel model, int[] src) {
        int[] shifts = model.getBitOffsets();
        int rs = shifts[0];
        int gs = shifts[1];
        int bs = shifts[2];
        int width = raster.getWidth();
        int height = raster.getHeight();
        int scanlineStride = model.getScanlineStride();
        RgbImage out = RgbImage.blank(width, height);
        byte[] dst = out.pixels();
        int d = 0;
        for (int y = 0; y < height; y++) {
            for (int s = y * scanlineStride, end = s + width; s < end; s++) {
                int p = src[s];
                dst[d] = (byte) (p >>> rs);
                dst[d + 1] = (byte) (p >>> gs);
                dst[d + 2] = (byte) (p >>> bs);
                d += 3;
            }
        }
        return out;
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel palette) {
        int size = palette.getMapSize();
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        int width = raster.getWidth();
        int height = raster.getHeight();
        RgbImage out = RgbImage.blank(width, height);
        byte[] dst = out.pixels();
        int[] row = new int[width];
        int d = 0;
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                // An index past the palette (corrupt GIF/PNG) shows as black, as in Pillow.
                int index = row[x] < size ? row[x] : -1;
                dst[d++] = index < 0 ? 0 : reds[index];
                dst[d++] = index < 0 ? 0 : greens[index];
                dst[d++] = index < 0 ? 0 : blues[index];
            }
        }
        return out;
    }

    /** Bands start with the colour components (R, G, B or L); an alpha band, if any, is last. */
    private static RgbImage fromComponents(Raster raster, boolean grey) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        int colorBands = grey ? 1 : 3;
        int[] bits = raster.getSampleModel().getSampleSize();
        RgbImage out = RgbImage.blank(width, height);
        byte[] dst = out.pixels();
        int[] row = new int[width * bands];
        int d = 0;
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int p = x * bands;
                if (grey) {
                    byte v = to8Bit(row[p], bits[0]);
                    dst[d++] = v;
                    dst[d++] = v;
                    dst[d++] = v;
                } else {
                    for (int c = 0; c < colorBands; c++) {
                        dst[d++] = to8Bit(row[p + c], bits[c]);
                    }
                }
            }
        }
        return out;
    }

    private static byte to8Bit(int sample, int bits) {
        if (bits == 8) {
            return (byte) sample;
        }
        if (bits > 8) {
            return (byte) (sample >>> (bits - 8));
        }
        return (byte) (sample * 255 / ((1 << bits) - 1));
    }

    private static BufferedImage toSrgb(BufferedImage image) {
        BufferedImage srgb = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_3BYTE_BGR);
        new ColorConvertOp(null).filter(image, srgb);
        return srgb;
    }
}
