package io.catstream.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The two facts import-onnx adds to an ONNX graph: how features become its input tensor, how its output becomes p(cat). */
class OnnxInputOutputTest {

    /** A 2×2 RGB image in H·W·C order: pixel p, channel c has value 10·p + c. */
    private static final double[] HWC = {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32};

    @Test
    void shouldPutEachChannelInItsOwnPlaneForNchw() {
        float[] out = new float[12];
        TensorLayout.NCHW.fill(HWC, 0, 2, 3, out);

        assertThat(out).containsExactly(0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32);
        assertThat(TensorLayout.NCHW.shape(1, 2, 3)).containsExactly(1, 3, 2, 2);
    }

    @Test
    void shouldKeepTheFeatureOrderForNhwc() {
        float[] out = new float[12];
        TensorLayout.NHWC.fill(HWC, 0, 2, 3, out);

        assertThat(out).containsExactly(0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32);
        assertThat(TensorLayout.NHWC.shape(1, 2, 3)).containsExactly(1, 2, 2, 3);
        assertThat(TensorLayout.parse("NHWC")).isEqualTo(TensorLayout.NHWC);
    }

    @Test
    void shouldTurnEachOutputKindIntoAProbability() {
        assertThat(OutputRule.parse("sigmoid").probability(new float[] {0.25f}, 0, 1)).isEqualTo(0.25);
        assertThat(OutputRule.parse("logit").probability(new float[] {0f}, 0, 1)).isEqualTo(0.5);
        assertThat(OutputRule.parse("logit").probability(new float[] {2f}, 0, 1)).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-15));
        // softmax([0, ln 3]) = [1/4, 3/4]; a large common offset must not overflow
        float ln3 = (float) Math.log(3);
        assertThat(OutputRule.parse("softmax:1").probability(new float[] {0f, ln3}, 0, 2)).isCloseTo(0.75, within(1e-7));
        assertThat(OutputRule.parse("softmax:0").probability(new float[] {1000f, 1000f + ln3}, 0, 2)).isCloseTo(0.25, within(1e-4));
    }

    @Test
    void shouldSayHowManyOutputValuesEachRuleNeeds() {
        assertThat(OutputRule.SIGMOID.fits(1)).isTrue();
        assertThat(OutputRule.LOGIT.fits(2)).isFalse();
        assertThat(OutputRule.parse("softmax:2").fits(2)).isFalse();
        assertThat(OutputRule.parse("softmax:2").fits(3)).isTrue();
        assertThat(OutputRule.parse("softmax:0").fits(1)).isFalse();
    }

    @Test
    void shouldRefuseUnknownSpellingsWithTheChoices() {
        assertThatThrownBy(() -> OutputRule.parse("softmax")).hasMessageContaining("softmax:INDEX");
        assertThatThrownBy(() -> OutputRule.parse("softmax:-1")).hasMessageContaining("softmax:INDEX");
        assertThatThrownBy(() -> TensorLayout.parse("chw")).hasMessageContaining("nchw");
    }
}
