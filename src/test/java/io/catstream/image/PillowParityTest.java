package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.SharedData;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our resized bytes against Pillow's, computed in the test by Pillow itself: equal on lossless
 * inputs, close on JPEGs (the JPEG decoders differ by a few levels, not the resize).
 */
class PillowParityTest {

    @TempDir
    Path work;

    @BeforeEach
    void needsPillow() {
        PillowOracle.assumeAvailable();
    }

    @Test
    void shouldMatchPillowByteForByteOnCatvnoncatPngsWhenUpscalingAndDownscaling() throws Exception {
        List<Path> pngs = new ArrayList<>();
        pngs.addAll(everyNth(SharedData.assumeData("catvnoncat/train/cats"), 12));
        pngs.addAll(everyNth(SharedData.assumeData("catvnoncat/train/random_images"), 23));
        pngs.addAll(everyNth(SharedData.assumeData("catvnoncat/test/random_images"), 9));

        int matches = compareSquareResizes(pngs, new int[] {128, 32, 100, 64, 7});

        assertThat(pngs).hasSizeGreaterThanOrEqualTo(10);
        assertThat(matches).isEqualTo(pngs.size() * 5);
    }

    @Test
    void shouldMatchPillowByteForByteOnLosslessCopiesOfRealJpegs() throws Exception {
        List<Path> jpegs = new ArrayList<>();
        jpegs.addAll(everyNth(SharedData.assumeData("article/cats"), 120));
        jpegs.addAll(everyNth(SharedData.assumeData("article/random_images"), 110));
        jpegs.addAll(everyNth(SharedData.assumeData("holdout/cats"), 50));
        List<Path> pngs = new ArrayList<>();
        for (Path jpeg : jpegs) {
            // Decoded once by Java and stored losslessly, so both sides resize the same pixels.
            BufferedImage decoded = ImageIO.read(jpeg.toFile());
            Path png = work.resolve(jpeg.getFileName() + ".png");
            assertThat(ImageIO.write(decoded, "png", png.toFile())).isTrue();
            pngs.add(png);
        }

        int matches = compareSquareResizes(pngs, new int[] {128, 32, 77});

        assertThat(pngs).hasSizeGreaterThanOrEqualTo(15);
        assertThat(matches).isEqualTo(pngs.size() * 3);
    }

    @Test
    void shouldMatchPillowOnNonSquareTargetsAndExtremeAspectRatios() throws Exception {
        Random random = new Random(42);
        List<Path> inputs = List.of(
                noisePng(1, 1, random), noisePng(10_000, 10, random), noisePng(10, 10_000, random),
                noisePng(333, 97, random), noisePng(2, 3, random));
        int[][] targets = {{128, 128}, {200, 50}, {31, 257}, {1, 1}, {3, 2}};
        List<PillowOracle.Request> requests = new ArrayList<>();
        for (Path input : inputs) {
            for (int[] t : targets) {
                requests.add(new PillowOracle.Request(input, t[0], t[1]));
            }
        }
        List<byte[]> expected = PillowOracle.resize(requests, work);
        ImagePreprocessor decoder = ImagePreprocessor.withDefaults();

        for (int i = 0; i < requests.size(); i++) {
            PillowOracle.Request r = requests.get(i);
            RgbImage source = decoder.toUprightRgb(Files.readAllBytes(r.image()));
            RgbImage ours = PillowBilinearResizer.resize(source, r.width(), r.height());
            assertThat(ours.pixels())
                    .as("%s -> %dx%d", r.image().getFileName(), r.width(), r.height())
                    .isEqualTo(expected.get(i));
        }
    }

    @Test
    void shouldStayWithinTwoLevelsOfPillowOnRealJpegs() throws Exception {
        List<Path> jpegs = new ArrayList<>();
        jpegs.addAll(everyNth(SharedData.assumeData("article/cats"), 40));
        jpegs.addAll(everyNth(SharedData.assumeData("article/random_images"), 40));
        int size = PreprocessingContract.DEFAULT_IMAGE_SIZE;
        List<byte[]> expected = PillowOracle.resize(
                jpegs.stream().map(p -> new PillowOracle.Request(p, size, size)).toList(), work);
        ImagePreprocessor preprocessor = ImagePreprocessor.withDefaults();

        double sumOfMeans = 0;
        double worstMean = 0;
        int worstLevel = 0;
        for (int i = 0; i < jpegs.size(); i++) {
            byte[] ours = preprocessor.toResizedRgb(Files.readAllBytes(jpegs.get(i))).pixels();
            byte[] theirs = expected.get(i);
            assertThat(ours).hasSameSizeAs(theirs);
            long sum = 0;
            for (int j = 0; j < ours.length; j++) {
                int diff = Math.abs((ours[j] & 0xFF) - (theirs[j] & 0xFF));
                sum += diff;
                worstLevel = Math.max(worstLevel, diff);
            }
            double mean = (double) sum / ours.length;
            sumOfMeans += mean;
            worstMean = Math.max(worstMean, mean);
        }
        double overallMean = sumOfMeans / jpegs.size();
        System.out.printf("JPEG parity over %d article images at %d: mean |diff| %.4f levels,"
                + " worst image %.4f, largest single difference %d%n",
                jpegs.size(), size, overallMean, worstMean, worstLevel);

        assertThat(overallMean).isLessThan(2.0);
        assertThat(worstMean).isLessThan(3.0);
    }

    /** Resizes each file to each size with both; returns how many results were identical. */
    private int compareSquareResizes(List<Path> files, int[] sizes) throws Exception {
        List<PillowOracle.Request> requests = new ArrayList<>();
        for (Path file : files) {
            for (int s : sizes) {
                requests.add(new PillowOracle.Request(file, s, s));
            }
        }
        List<byte[]> expected = PillowOracle.resize(requests, work);
        int matches = 0;
        for (int i = 0; i < requests.size(); i++) {
            PillowOracle.Request r = requests.get(i);
            ImagePreprocessor preprocessor = new ImagePreprocessor(
                    PreprocessingContract.ofImageSize(r.width()), ImageLimits.defaults());
            byte[] ours = preprocessor.toResizedRgb(Files.readAllBytes(r.image())).pixels();
            assertThat(ours).as("%s at %d", r.image().getFileName(), r.width())
                    .isEqualTo(expected.get(i));
            matches++;
        }
        System.out.printf("Pillow parity: %d of %d resizes byte-identical%n", matches, requests.size());
        return matches;
    }

    private Path noisePng(int width, int height, Random random) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Path png = work.resolve("noise-" + width + "x" + height + ".png");
        ImageIO.write(image, "png", png.toFile());
        return png;
    }

    /** Every n-th file in code-point order (the reference's sorted order), for a spread sample. */
    private static List<Path> everyNth(Path dir, int n) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.sorted().toList();
            List<Path> picked = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i += n) {
                picked.add(sorted.get(i));
            }
            return picked;
        }
    }
}
