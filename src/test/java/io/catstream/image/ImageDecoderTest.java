package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** Decoding a colour JPEG into R, G, B bytes (the fast layout) gives the samples of the reader's own type. */
class ImageDecoderTest {

    @Test
    void shouldDecodeNoisyColourJpegToTheSamplesOfTheReadersDefaultType() throws IOException {
        BufferedImage noise = new BufferedImage(61, 47, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(3);
        for (int y = 0; y < noise.getHeight(); y++) {
            for (int x = 0; x < noise.getWidth(); x++) {
                noise.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        for (boolean progressive : new boolean[] {false, true}) {
            byte[] jpeg = TestImages.jpeg(noise, 0.8f, progressive);

            assertSameSamplesAsDefaultType(jpeg, "noise, progressive " + progressive);
        }
    }

    @Test
    void shouldDecodeArticlePhotosToTheSamplesOfTheReadersDefaultType() throws IOException {
        List<Path> photos;
        try (Stream<Path> files = Files.walk(SharedData.assumeData("article"))) {
            photos = files.filter(Files::isRegularFile).sorted().limit(60).toList();
        }
        for (Path photo : photos) {
            assertSameSamplesAsDefaultType(Files.readAllBytes(photo), photo.toString());
        }
    }

    private static void assertSameSamplesAsDefaultType(byte[] jpeg, String what) throws IOException {
        BufferedImage fast = ImageDecoder.decodeFirstFrame(jpeg, ImageFormat.JPEG, ImageLimits.defaults());
        BufferedImage plain = readWithDefaultType(jpeg);

        assertThat(plain.getType()).as(what).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(RgbConverter.toRgb(fast).pixels()).as(what).isEqualTo(RgbConverter.toRgbGeneric(plain).pixels());
    }

    private static BufferedImage readWithDefaultType(byte[] jpeg) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            reader.setInput(in);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }
}
