package io.catstream.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

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
 */
final class RgbConverter {

    private RgbConverter() {
    }

    static RgbImage toRgb(BufferedImage image) {
        ColorModel colorModel = image.getColorModel();
        if (colorModel instanceof IndexColorModel palette) {
            return fromPalette(image.getRaster(), palette);
        }
        int colorSpaceType = colorModel.getColorSpace().getType();
        int colorComponents = colorModel.getNumColorComponents();
        boolean grey = colorSpaceType == ColorSpace.TYPE_GRAY && colorComponents == 1;
        boolean rgb = colorSpaceType == ColorSpace.TYPE_RGB && colorComponents == 3;
        if (!grey && !rgb) {
            return toRgb(toSrgb(image));
        }
        return fromComponents(image.getRaster(), grey);
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
