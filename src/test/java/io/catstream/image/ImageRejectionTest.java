package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.catstream.testsupport.SharedData;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad bytes end in an ImageRejectedException with the right reason, and nothing else. */
class ImageRejectionTest {

    private static final Duration HEADER_ONLY = Duration.ofSeconds(2);

    private final ImagePreprocessor preprocessor = ImagePreprocessor.withDefaults();

    @TempDir
    Path work;

    @Test
    void shouldRejectEmptyBytesAsEmpty() {
        assertRejected(new byte[0], RejectReason.EMPTY);
    }

    @Test
    void shouldRejectRandomBytesAsNotAnImage() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 0x12; // keep the seed from ever producing a magic number by chance

        assertRejected(noise, RejectReason.NOT_AN_IMAGE);
    }

    @Test
    void shouldRejectTextFileAsNotAnImage() {
        byte[] text = "BMW, not a bitmap: just some text that starts with B and M\n"
                .getBytes(StandardCharsets.US_ASCII);

        assertRejected(text, RejectReason.NOT_AN_IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RIFF\0\0\0\0WEBPVP8 ", "II*\0\10\0\0\0", "MM\0*\0\0\0\10",
            "\0\0\0\30ftypheic\0\0\0\0", "\0\0\0\34ftypavif\0\0\0\0"})
    void shouldRejectWebpTiffHeicAndAvifAsUnsupportedFormat(String magic) {
        byte[] bytes = Arrays.copyOf(magic.getBytes(StandardCharsets.ISO_8859_1), 64);

        ImageRejectedException e = assertRejected(bytes, RejectReason.UNSUPPORTED_FORMAT);
        assertThat(e.getMessage()).contains("not supported");
    }

    @Test
    void shouldRejectMoreBytesThanTheLimitBeforeDecoding() {
        byte[] png = TestImages.encode(TestImages.solid(64, 64, Color.RED), "png");
        ImagePreprocessor strict = new ImagePreprocessor(PreprocessingContract.defaults(),
                ImageLimits.defaults().withMaxBytes(png.length - 1));

        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class,
                () -> strict.toFeatures(png));

        assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_BYTES);
        assertThat(e.getMessage()).contains(String.valueOf(png.length), String.valueOf(png.length - 1));
    }

    @Test
    void shouldRejectTooLargeFileFromItsSizeWithoutReadingIt() throws Exception {
        Path big = work.resolve("big.png");
        Files.write(big, new byte[2048]); // not even an image: the size alone must decide
        ImagePreprocessor strict = new ImagePreprocessor(PreprocessingContract.defaults(),
                ImageLimits.defaults().withMaxBytes(1024));

        assertThatThrownBy(() -> strict.toFeatures(big))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_BYTES));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.99})
    void shouldRejectTruncatedJpegWithReason(double keptFraction) throws Exception {
        byte[] jpeg = realJpeg();
        byte[] cut = Arrays.copyOf(jpeg, (int) (jpeg.length * keptFraction));

        assertRejected(cut, RejectReason.TRUNCATED);
    }

    @Test
    void shouldRejectJpegMissingOnlyItsEndMarkerAsTruncated() throws Exception {
        byte[] jpeg = realJpeg();

        assertRejected(Arrays.copyOf(jpeg, jpeg.length - 2), RejectReason.TRUNCATED);
    }

    @Test
    void shouldRejectJpegCutInsideItsHeaderAsTruncated() throws Exception {
        byte[] jpeg = realJpeg();
        int startOfScan = indexOfMarker(jpeg, 0xDA);

        assertRejected(Arrays.copyOf(jpeg, startOfScan), RejectReason.TRUNCATED);
        assertRejected(Arrays.copyOf(jpeg, 40), RejectReason.TRUNCATED);
    }

    @Test
    void shouldRejectJpegCutAndClosedWithAnEndMarkerAsTruncated() throws Exception {
        // The structure looks complete, but the decoder meets EOI inside the scan: libjpeg does
        // not fail, it warns "premature end of data segment" and pads with grey.
        byte[] jpeg = realJpeg();
        byte[] cutAndClosed = TestImages.concat(Arrays.copyOf(jpeg, jpeg.length / 2),
                new byte[] {(byte) 0xFF, (byte) 0xD9});

        assertRejected(cutAndClosed, RejectReason.TRUNCATED);
    }

    @Test
    void shouldAcceptJpegWithBytesAfterItsEndMarker() throws Exception {
        byte[] padded = Arrays.copyOf(realJpeg(), realJpeg().length + 100); // zeros after EOI

        assertThat(preprocessor.toFeatures(padded)).hasSize(3 * 128 * 128);
    }

    @Test
    void shouldRejectTruncatedProgressiveJpegWithReason() {
        byte[] jpeg = TestImages.jpeg(TestImages.halves(200, 150, Color.RED, Color.BLUE), 0.9f, true);

        assertRejected(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), RejectReason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.7, 0.98})
    void shouldRejectTruncatedPngWithReason(double keptFraction) throws Exception {
        byte[] png = Files.readAllBytes(
                SharedData.assumeData("catvnoncat/train/cats").resolve("train_002.png"));

        assertRejected(Arrays.copyOf(png, (int) (png.length * keptFraction)), RejectReason.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 0.9, 0.999})
    void shouldRejectTruncatedGifAndBmpWithReason(double keptFraction) {
        BufferedImage noise = new BufferedImage(100, 80, BufferedImage.TYPE_BYTE_INDEXED);
        Random random = new Random(3);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 100; x++) {
                noise.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        for (String format : new String[] {"gif", "bmp"}) {
            byte[] whole = TestImages.encode(noise, format);

            assertRejected(Arrays.copyOf(whole, (int) (whole.length * keptFraction)), RejectReason.TRUNCATED);
        }
    }

    @Test
    void shouldRejectPngWithDamagedPixelDataAsCorrupt() {
        byte[] png = TestImages.encode(TestImages.halves(50, 50, Color.RED, Color.BLUE), "png");
        int idatData = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII)) + 4;
        byte[] damaged = png.clone();
        for (int i = idatData; i < idatData + 12; i++) {
            damaged[i] = (byte) 0xFF; // breaks the zlib stream; CRC is not checked by the decoder
        }

        assertRejected(damaged, RejectReason.CORRUPT);
    }

    @Test
    void shouldRejectPngClaimingHundredThousandSquaredPixelsWithoutDecoding() {
        byte[] bomb = pngWithHeaderOnly(100_000, 100_000);

        ImageRejectedException e = assertTimeoutPreemptively(HEADER_ONLY,
                () -> catchThrowableOfType(ImageRejectedException.class, () -> preprocessor.toFeatures(bomb)));

        assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
        assertThat(e.getMessage()).contains("100000x100000", "20000");
    }

    @Test
    void shouldRejectPngAbovePixelLimitNamingPixelsAndLimit() {
        byte[] bomb = pngWithHeaderOnly(8_000, 6_000); // sides fine, 48 M pixels are not

        ImageRejectedException e = assertTimeoutPreemptively(HEADER_ONLY,
                () -> catchThrowableOfType(ImageRejectedException.class, () -> preprocessor.toFeatures(bomb)));

        assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
        assertThat(e.getMessage())
                .isEqualTo("image is 8000x6000 = 48000000 pixels, above the limit of 40000000"
                        + " (set --max-pixels)");
    }

    @Test
    void shouldRejectGifWhoseLogicalScreenIsHugeWithoutDecoding() {
        byte[] gif = TestImages.encode(TestImages.solid(2, 2, Color.RED), "gif");
        // Logical screen width/height at bytes 6..9, little-endian: 65535 x 65535.
        gif[6] = (byte) 0xFF;
        gif[7] = (byte) 0xFF;
        gif[8] = (byte) 0xFF;
        gif[9] = (byte) 0xFF;

        ImageRejectedException e = assertTimeoutPreemptively(HEADER_ONLY,
                () -> catchThrowableOfType(ImageRejectedException.class, () -> preprocessor.toFeatures(gif)));

        assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
    }

    @ParameterizedTest
    @ValueSource(ints = {60_000, 19_000})
    void shouldRejectJpegWhoseFrameHeaderClaimsTooManyPixelsWithoutDecoding(int side) throws Exception {
        byte[] jpeg = realJpeg();
        int sof = indexOfMarker(jpeg, 0xC0);
        // SOF0: marker (2), length (2), precision (1), height (2), width (2); big-endian.
        jpeg[sof + 5] = (byte) (side >> 8);
        jpeg[sof + 6] = (byte) side;
        jpeg[sof + 7] = (byte) (side >> 8);
        jpeg[sof + 8] = (byte) side;

        ImageRejectedException e = assertTimeoutPreemptively(HEADER_ONLY,
                () -> catchThrowableOfType(ImageRejectedException.class, () -> preprocessor.toFeatures(jpeg)));

        assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
        assertThat(e.getMessage()).contains(side + "x" + side);
    }

    @Test
    void shouldRejectBmpWhoseHeaderClaimsTooManyPixelsWithoutDecoding() {
        byte[] bmp = TestImages.encode(TestImages.solid(4, 4, Color.RED), "bmp");
        // BITMAPINFOHEADER width and height at bytes 18..25, little-endian: 30000 x 30000.
        for (int at : new int[] {18, 22}) {
            bmp[at] = (byte) 0x30;
            bmp[at + 1] = (byte) 0x75;
            bmp[at + 2] = 0;
            bmp[at + 3] = 0;
        }

        ImageRejectedException e = assertTimeoutPreemptively(HEADER_ONLY,
                () -> catchThrowableOfType(ImageRejectedException.class, () -> preprocessor.toFeatures(bmp)));

        assertThat(e.reason()).isEqualTo(RejectReason.TOO_MANY_PIXELS);
    }

    @Test
    void shouldRejectEveryMutationOfValidImagesWithTypedReasonOrDecodeIt() throws Exception {
        // Fuzzing in miniature: whatever the decoders throw on damaged data must surface as an
        // ImageRejectedException; a RuntimeException of any other type fails this test.
        byte[][] seeds = {
            realJpeg(),
            TestImages.jpeg(TestImages.halves(40, 30, Color.RED, Color.BLUE), 0.8f, true),
            TestImages.encode(TestImages.halves(40, 30, Color.RED, Color.BLUE), "png"),
            TestImages.encode(TestImages.halves(40, 30, Color.RED, Color.BLUE), "gif"),
            TestImages.encode(TestImages.halves(40, 30, Color.RED, Color.BLUE), "bmp"),
        };
        ImagePreprocessor small = new ImagePreprocessor(PreprocessingContract.ofImageSize(16),
                ImageLimits.defaults().withMaxPixels(4_000_000));
        Random random = new Random(2024);
        int rejected = 0;
        for (byte[] seed : seeds) {
            for (int round = 0; round < 150; round++) {
                byte[] mutant = seed.clone();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    // Mostly the headers (first 400 bytes), where parsers are most fragile.
                    int at = random.nextInt(4) == 0 ? random.nextInt(mutant.length)
                            : random.nextInt(Math.min(400, mutant.length));
                    mutant[at] = (byte) random.nextInt(256);
                }
                try {
                    double[] features = small.toFeatures(mutant);
                    assertThat(features).hasSize(3 * 16 * 16);
                    assertThat(Arrays.stream(features).allMatch(v -> v >= 0.0 && v <= 1.0)).isTrue();
                } catch (ImageRejectedException expected) {
                    rejected++;
                }
            }
        }
        assertThat(rejected).isPositive();
    }

    private ImageRejectedException assertRejected(byte[] bytes, RejectReason reason) {
        ImageRejectedException e = catchThrowableOfType(ImageRejectedException.class,
                () -> preprocessor.toFeatures(bytes));
        assertThat(e).as("expected a rejection").isNotNull();
        assertThat(e.reason()).as("reason of: %s", e.getMessage()).isEqualTo(reason);
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }

    private static byte[] realJpeg() throws Exception {
        return Files.readAllBytes(SharedData.assumeData("article/cats/cat.1.jpg"));
    }

    /** Signature, IHDR (8-bit RGB) and IEND with valid CRCs: a header and no pixels. */
    static byte[] pngWithHeaderOnly(int width, int height) {
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        TestImages.writeInt(ihdr, width);
        TestImages.writeInt(ihdr, height);
        ihdr.writeBytes(new byte[] {8, 2, 0, 0, 0}); // bit depth, colour type RGB, deflate, filter, no interlace
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        return TestImages.concat(signature, TestImages.pngChunk("IHDR", ihdr.toByteArray()),
                TestImages.pngChunk("IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01}),
                TestImages.pngChunk("IEND", new byte[0]));
    }

    static int indexOfMarker(byte[] jpeg, int marker) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new IllegalArgumentException("no marker 0x" + Integer.toHexString(marker));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
