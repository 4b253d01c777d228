package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The array fast paths against the generic per-row path, on every layout they take and some they must refuse. */
class RgbConverterTest {

    @ParameterizedTest(name = "BufferedImage type {0}")
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
            BufferedImage.TYPE_USHORT_GRAY, BufferedImage.TYPE_USHORT_565_RGB, BufferedImage.TYPE_BYTE_INDEXED})
    void shouldGiveTheSameBytesAsTheGenericPathForEachImageType(int type) {
        BufferedImage image = randomImage(new BufferedImage(37, 23, type), 1 + type);

        assertThat(RgbConverter.toRgb(image).pixels()).isEqualTo(RgbConverter.toRgbGeneric(image).pixels());
    }

    @Test
    void shouldShareTheArrayOfAnImageDecodedInRgbByteOrder() {
        BufferedImage image = randomImage(ImageDecoder.rgbBytes(13, 11), 9);

        RgbImage rgb = RgbConverter.toRgb(image);

        assertThat(rgb.pixels()).isEqualTo(RgbConverter.toRgbGeneric(image).pixels());
        assertThat(rgb.pixels()).isSameAs(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    }

    @Test
    void shouldGiveTheSameBytesAsTheGenericPathForAChildRaster() {
        BufferedImage image = randomImage(new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR), 5);
        BufferedImage child = image.getSubimage(3, 4, 20, 17);

        assertThat(RgbConverter.toRgb(child).pixels()).isEqualTo(RgbConverter.toRgbGeneric(child).pixels());
    }

    @Test
    void shouldGiveTheSameBytesAsTheGenericPathForGreyWithAlpha() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(9, 8);
        BufferedImage image = randomImage(new BufferedImage(model, raster, false, null), 7);

        assertThat(RgbConverter.toRgb(image).pixels()).isEqualTo(RgbConverter.toRgbGeneric(image).pixels());
    }

    private static BufferedImage randomImage(BufferedImage image, long seed) {
        Random random = new Random(seed);
        WritableRaster raster = image.getRaster();
        int[] bits = raster.getSampleModel().getSampleSize();
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                for (int b = 0; b < raster.getNumBands(); b++) {
                    raster.setSample(x, y, b, random.nextInt(1 << bits[b]));
                }
            }
        }
        return image;
    }
}
