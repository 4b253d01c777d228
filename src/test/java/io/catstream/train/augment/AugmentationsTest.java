package io.catstream.train.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.nn.net.TensorShape;
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
    void shouldParseTheListAndReadBackItsOwnToken() {
        Augmentations a = Augmentations.parse("flip,shift:4,shift:2:edge");

        assertThat(a.steps()).containsExactly(new HorizontalFlip(0.5), new RandomShift(4, RandomShift.Padding.ZERO),
                new RandomShift(2, RandomShift.Padding.EDGE));
        assertThat(Augmentations.parse(a.token())).isEqualTo(a);
        assertThat(Augmentations.parse("none").isEmpty()).isTrue();
    }

    @Test
    void shouldNameTheAcceptedFormsForAnUnknownAugmentation() {
        assertThatThrownBy(() -> Augmentations.parse("flip,rotate")).hasMessageContaining("unknown augmentation 'rotate'")
                .hasMessageContaining("flip, shift:K, shift:K:edge");
        assertThatThrownBy(() -> Augmentations.parse("shift:0")).hasMessageContaining("unknown augmentation 'shift:0'");
    }
}
