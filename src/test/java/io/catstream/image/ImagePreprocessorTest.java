package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.testsupport.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Layout of the feature vector and the ways to get it. */
class ImagePreprocessorTest {

    /** 2x2 image, every channel of every pixel different. */
    private static final int[][] PIXELS = {
        {10, 20, 30}, {40, 50, 60}, // row 0: (x=0), (x=1)
        {70, 80, 90}, {100, 110, 250}, // row 1
    };

    private final ImagePreprocessor sameSize = new ImagePreprocessor(
            PreprocessingContract.ofImageSize(2), ImageLimits.defaults());

    @Test
    void shouldFlattenHeightThenWidthThenChannelAndDivideBy255() {
        double[] features = sameSize.toFeatures(twoByTwoPng());

        // np.asarray(im).reshape(-1) / 255.0 walks rows, then columns, then R, G, B.
        double[] expected = new double[12];
        for (int p = 0; p < 4; p++) {
            for (int c = 0; c < 3; c++) {
                expected[3 * p + c] = PIXELS[p][c] / 255.0;
            }
        }
        assertThat(features).containsExactly(expected);
    }

    @Test
    void shouldWriteFeaturesIntoACallerArrayAtAnOffset() {
        double[] dst = new double[20];
        dst[0] = -1;
        dst[19] = -1;

        sameSize.writeFeatures(twoByTwoPng(), dst, 3);

        assertThat(dst[0]).isEqualTo(-1);
        assertThat(dst[3]).isEqualTo(10 / 255.0);
        assertThat(dst[14]).isEqualTo(250 / 255.0);
        assertThat(dst[15]).isZero();
        assertThat(dst[19]).isEqualTo(-1);
    }

    @Test
    void shouldFillOneColumnOfARowMajorMatrixWithAStride() {
        int examples = 3;
        double[] matrix = new double[12 * examples]; // (12 features, 3 examples), row-major

        sameSize.writeFeatures(twoByTwoPng(), matrix, 1, examples);

        double[] features = sameSize.toFeatures(twoByTwoPng());
        for (int row = 0; row < 12; row++) {
            assertThat(matrix[row * examples + 1]).isEqualTo(features[row]);
            assertThat(matrix[row * examples]).isZero();
            assertThat(matrix[row * examples + 2]).isZero();
        }
    }

    @Test
    void shouldRefuseADestinationTooSmallAsProgrammerError() {
        assertThatThrownBy(() -> sameSize.writeFeatures(twoByTwoPng(), new double[12], 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveTheSameFeaturesForAFileAndItsBytes() throws Exception {
        Path png = SharedData.assumeData("catvnoncat/test/cats/test_017.png");
        ImagePreprocessor preprocessor = ImagePreprocessor.withDefaults();

        assertThat(preprocessor.toFeatures(png)).containsExactly(preprocessor.toFeatures(Files.readAllBytes(png)));
    }

    @Test
    void shouldGiveIdenticalResultsFromManyThreadsAtOnce() throws Exception {
        Path dir = SharedData.assumeData("article/cats");
        List<byte[]> images;
        try (var files = Files.list(dir)) {
            images = files.sorted().limit(8).map(ImagePreprocessorTest::read).toList();
        }
        ImagePreprocessor preprocessor = ImagePreprocessor.withDefaults();
        List<double[]> sequential = images.stream().map(preprocessor::toFeatures).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> parallel = IntStream.range(0, 32)
                    .mapToObj(i -> pool.submit(() -> preprocessor.toFeatures(images.get(i % images.size()))))
                    .toList();
            for (int i = 0; i < parallel.size(); i++) {
                assertThat(parallel.get(i).get()).containsExactly(sequential.get(i % images.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] twoByTwoPng() {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR);
        for (int p = 0; p < 4; p++) {
            image.getRaster().setPixel(p % 2, p / 2, PIXELS[p]);
        }
        return TestImages.encode(image, "png");
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
