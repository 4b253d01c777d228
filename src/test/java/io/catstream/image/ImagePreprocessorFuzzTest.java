package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer over {@link ImagePreprocessor#toFeatures(byte[])}: whatever the bytes, the only exception that may escape
 * is an {@link ImageRejectedException} with a reason, and accepted bytes give features in [0, 1].
 * <p>
 * {@code mvn test} runs the curated seeds in {@code src/test/resources/io/catstream/image/ImagePreprocessorFuzzTestInputs/}
 * (one tiny JPEG, PNG, GIF and BMP) as a regression test; {@code make fuzz} fuzzes for real (docs/resilience.md).
 * The pixel limit is 1 M so a mutated header cannot make one input allocate hundreds of MB: the bomb check itself is
 * what is under test, not the size of the heap.
 */
class ImagePreprocessorFuzzTest {

    private static final ImagePreprocessor PREPROCESSOR = new ImagePreprocessor(PreprocessingContract.ofImageSize(16),
            ImageLimits.defaults().withMaxPixels(1_000_000).withMaxSide(4_000));

    @FuzzTest(maxDuration = "60s")
    void shouldOnlyEverRejectBadBytesWithAReason(byte[] bytes) {
        double[] features;
        try {
            features = PREPROCESSOR.toFeatures(bytes);
        } catch (ImageRejectedException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(features).hasSize(3 * 16 * 16);
        for (double v : features) {
            if (!(v >= 0.0 && v <= 1.0)) {
                throw new AssertionError("feature outside [0, 1]: " + v);
            }
        }
    }
}
