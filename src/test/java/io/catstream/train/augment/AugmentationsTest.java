package io.catstream.train.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.catstream.nn.layered.TensorShape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationsTest {

    private static final TensorShape SHAPE = new TensorShape(4, 5, 3);

    /** A distinct value per (y, x, c): 100·y + 10·x + c, stored H, W, C row-major after {@code offset} junk values. */
    private static double[] image(int offset) {
        double[] v = new double[offset + 60];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                for (int c = 0; c < 3; c++) {
                    v[offset + (y * 5 + x) * 3 + c] = 100 * y + 10 * x + c;
                }
            }
        }
        return v;
    }

    private static double at(double[] v, int offset, int y, int x, int c) {
        return v[offset + (y * 5 + x) * 3 + c];
    }

    @Test
    void shouldMirrorEveryPixelLeftRightKeepingItsChannelsWhenItFlips() {
        double[] v = image(7);
        new HorizontalFlip(1.0).apply(v, 7, SHAPE, new Random(1));

        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(at(v, 7, y, x, c)).isEqualTo(100 * y + 10 * (4 - x) + c);
                }
            }
        }
        assertThat(v[0]).as("values before the example are not touched").isZero();
    }

    @Test
    void shouldFlipAboutHalfTheExamplesWithProbabilityOneHalfAndTheSameOnesForTheSameSeed() {
        int flipped = 0;
        Random a = new Random(42);
        Random b = new Random(42);
        for (int i = 0; i < 1000; i++) {
            double[] va = image(0);
            double[] vb = image(0);
            new HorizontalFlip(0.5).apply(va, 0, SHAPE, a);
            new HorizontalFlip(0.5).apply(vb, 0, SHAPE, b);
            assertThat(va).containsExactly(vb);
            flipped += at(va, 0, 0, 0, 0) == 40 ? 1 : 0;
        }
        assertThat(flipped).isBetween(450, 550);
    }

    @Test
    void shouldMovePixelsByTheShiftAndFillTheUncoveredBorderWithZeros() {
        double[] v = image(0);
        new RandomShift(2, RandomShift.Padding.ZERO).shift(v, 0, SHAPE, 1, -2);

        // out(y, x) = in(y − 1, x + 2)
        assertThat(at(v, 0, 1, 0, 2)).isEqualTo(at(image(0), 0, 0, 2, 2));
        assertThat(at(v, 0, 3, 2, 1)).isEqualTo(at(image(0), 0, 2, 4, 1));
        assertThat(at(v, 0, 0, 1, 0)).as("row 0 came from above the image").isZero();
        assertThat(at(v, 0, 2, 3, 0)).as("columns 3, 4 came from the right of it").isZero();
    }

    @Test
    void shouldRepeatTheNearestEdgePixelWithEdgePadding() {
        double[] v = image(0);
        new RandomShift(2, RandomShift.Padding.EDGE).shift(v, 0, SHAPE, 1, 2);

        assertThat(at(v, 0, 0, 0, 1)).isEqualTo(at(image(0), 0, 0, 0, 1));
        assertThat(at(v, 0, 0, 3, 2)).isEqualTo(at(image(0), 0, 0, 1, 2));
        assertThat(at(v, 0, 3, 4, 0)).isEqualTo(at(image(0), 0, 2, 2, 0));
    }

    @Test
    void shouldShiftByAtMostKPixelsInEachDirection() {
        Random random = new Random(3);
        RandomShift shift = new RandomShift(1, RandomShift.Padding.ZERO);
        for (int i = 0; i < 200; i++) {
            double[] v = image(0);
            shift.apply(v, 0, SHAPE, random);
            // the centre pixel (2, 2) comes from (2 − dy, 2 − dx) with |dy|, |dx| ≤ 1
            double centre = at(v, 0, 2, 2, 0);
            assertThat(Math.abs(centre - 220)).isIn(0.0, 10.0, 100.0, 110.0, 90.0);
        }
    }

    @Test
    void shouldScaleEachChannelAroundTheImagesOwnChannelMeanAndAddTheBrightness() {
        // one row of two pixels, two channels: channel 0 is 1, 3 (mean 2); channel 1 is −2, 0 (mean −1)
        double[] v = {9, 1, -2, 3, 0, 9};
        ColourJitter.jitter(v, 1, new TensorShape(1, 2, 2), 0.5, 1.5);

        // mean_c + 1.5·(z − mean_c) + 0.5
        assertThat(v).containsExactly(9, 1.0, -2.0, 4.0, 1.0, 9);
    }

    @Test
    void shouldDrawBrightnessAndContrastWithinTheirRangesReproduciblyForASeed() {
        ColourJitter jitter = new ColourJitter(0.2, 0.3);
        Random a = new Random(5);
        Random b = new Random(5);
        for (int i = 0; i < 200; i++) {
            double[] va = image(0);
            double[] vb = image(0);
            jitter.apply(va, 0, SHAPE, a);
            jitter.apply(vb, 0, SHAPE, b);
            assertThat(va).containsExactly(vb);
            // channel 0: values 100·y + 10·x, mean 170; (0, 0) is 170 below it, so it lands at 170 − 170·k + δ
            double k = (at(va, 0, 0, 1, 0) - at(va, 0, 0, 0, 0)) / 10;
            double delta = at(va, 0, 0, 0, 0) - 170 + 170 * k;
            assertThat(k).isBetween(0.7, 1.3);
            assertThat(delta).isBetween(-0.2 - 1e-9, 0.2 + 1e-9);
        }
    }

    @Test
    void shouldBilinearlyResizeTheCroppedWindowBackToTheImage() {
        // 4×4, two channels: channel 0 = 10·y + x, channel 1 = 100 + the same
        TensorShape shape = new TensorShape(4, 4, 2);
        double[] v = new double[32];
        for (int i = 0; i < 16; i++) {
            v[2 * i] = 10 * (i / 4) + i % 4;
            v[2 * i + 1] = 100 + v[2 * i];
        }
        RandomZoom.zoom(v, 0, shape, 2, 1, 0);

        // sample row 1 + (y + ½)/2 − ½ = 0.75, 1.25, 1.75, 2.25; column (x + ½)/2 − ½ = −0.25 (clamped to 0), 0.25, 0.75, 1.25
        double[] expected = {7.5, 7.75, 8.25, 8.75, 12.5, 12.75, 13.25, 13.75, 17.5, 17.75, 18.25, 18.75, 22.5, 22.75, 23.25, 23.75};
        for (int i = 0; i < 16; i++) {
            assertThat(v[2 * i]).as("channel 0 of pixel %d", i).isEqualTo(expected[i]);
            assertThat(v[2 * i + 1]).as("channel 1 of pixel %d", i).isEqualTo(100 + expected[i]);
        }
    }

    @Test
    void shouldLeaveTheImageAsItIsAtScaleOne() {
        double[] v = image(3);
        RandomZoom.zoom(v, 3, SHAPE, 1, 0, 0);

        assertThat(v).containsExactly(image(3));
    }

    @Test
    void shouldKeepEveryExampleInItsOwnSlotAndEveryLabelAsItWas() {
        int count = 5;
        int size = Math.toIntExact(SHAPE.size());
        double[] x = new double[count * size];
        double[] labels = {1, 0, 0, 1, 1};
        for (int e = 0; e < count; e++) {
            Arrays.fill(x, e * size, (e + 1) * size, 10 * e);
        }
        Augmentations.parse("flip,shift:2:edge,zoom:0.5,jitter:0.2,0.2").apply(x, count, SHAPE, new Random(4));

        for (int e = 0; e < count; e++) {
            double first = x[e * size];
            assertThat(first).as("example %d moved by the brightness only", e).isBetween(10 * e - 0.2, 10 * e + 0.2);
            for (int i = 0; i < size; i++) {
                // interpolating a constant may round in the last bit; a neighbour's value would be ≥ 9.6 away
                assertThat(x[e * size + i]).as("example %d, value %d", e, i).isCloseTo(first, offset(1e-9));
            }
        }
        assertThat(labels).containsExactly(1, 0, 0, 1, 1);
    }

    @Test
    void shouldParseTheListAndReadBackItsOwnToken() {
        Augmentations a = Augmentations.parse("flip,shift:4,shift:2:edge,jitter:0.2,0.25,zoom:0.2");

        assertThat(a.steps()).containsExactly(new HorizontalFlip(0.5), new RandomShift(4, RandomShift.Padding.ZERO),
                new RandomShift(2, RandomShift.Padding.EDGE), new ColourJitter(0.2, 0.25), new RandomZoom(0.2));
        assertThat(a.token()).isEqualTo("flip,shift:4,shift:2:edge,jitter:0.2,0.25,zoom:0.2");
        assertThat(Augmentations.parse(a.token())).isEqualTo(a);
        assertThat(Augmentations.parse("jitter:0,0.1").token()).isEqualTo("jitter:0,0.1");
        assertThat(Augmentations.parse("none").isEmpty()).isTrue();
    }

    @Test
    void shouldSayWhyAJitterOrZoomIsRefused() {
        assertThatThrownBy(() -> Augmentations.parse("jitter:0.2")).hasMessageContaining("unknown augmentation 'jitter:0.2'")
                .hasMessageContaining("jitter:B,C");
        assertThatThrownBy(() -> Augmentations.parse("jitter:0.2,1.5")).hasMessageContaining("bad augmentation 'jitter:0.2,1.5'")
                .hasMessageContaining("contrast in [0, 1)");
        assertThatThrownBy(() -> Augmentations.parse("flip,zoom:0")).hasMessageContaining("bad augmentation 'zoom:0'");
        assertThatThrownBy(() -> Augmentations.parse("zoom:x")).hasMessageContaining("bad augmentation 'zoom:x'");
    }

    @Test
    void shouldNameTheAcceptedFormsForAnUnknownAugmentation() {
        assertThatThrownBy(() -> Augmentations.parse("flip,rotate")).hasMessageContaining("unknown augmentation 'rotate'")
                .hasMessageContaining("flip, shift:K, shift:K:edge");
        assertThatThrownBy(() -> Augmentations.parse("shift:0")).hasMessageContaining("unknown augmentation 'shift:0'");
    }
}
