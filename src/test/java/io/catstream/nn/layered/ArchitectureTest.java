package io.catstream.nn.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.nn.NetworkShape;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void shouldInferShapesAndParameterArraysOfTheSmallCnn() {
        Architecture a = Architecture.parse("conv16,pool,conv32,pool,conv64,pool,dense64,dense1", new TensorShape(64, 64, 3));

        assertThat(a.outputShapes()).extracting(TensorShape::toString)
                .containsExactly("64x64x16", "32x32x16", "32x32x32", "16x16x32", "16x16x64", "8x8x64", "1x1x64", "1x1x1");
        assertThat(a.parameters()).containsExactly(
                new ParamSpec("W1", 16, 27), new ParamSpec("b1", 16, 1),
                new ParamSpec("W2", 32, 144), new ParamSpec("b2", 32, 1),
                new ParamSpec("W3", 64, 288), new ParamSpec("b3", 64, 1),
                new ParamSpec("W4", 64, 4096), new ParamSpec("b4", 64, 1),
                new ParamSpec("W5", 1, 64), new ParamSpec("b5", 1, 1));
        assertThat(a.parameterCount()).isEqualTo(16 * 28 + 32 * 145 + 64 * 289 + 64 * 4097 + 65);
        assertThat(a.isDenseOnly()).isFalse();
        assertThat(Architecture.parse(a.layerTokens(), a.input())).isEqualTo(a);
    }

    @Test
    void shouldShrinkEachChannelToOneValueWithGapAndGiveItNoParameters() {
        Architecture a = Architecture.parse("conv16,pool,conv32,pool,conv64,pool,gap,dense64,dense1", new TensorShape(64, 64, 3));

        assertThat(a.outputShapes().subList(5, 9)).extracting(TensorShape::toString)
                .containsExactly("8x8x64", "1x1x64", "1x1x64", "1x1x1");
        assertThat(a.parameters()).hasSize(10);
        assertThat(a.parameters().get(6)).as("dense64 sees 64 channel means, not 8·8·64 values").isEqualTo(new ParamSpec("W4", 64, 64));
        assertThat(Architecture.parse(a.layerTokens(), a.input())).isEqualTo(a);
        assertThatThrownBy(() -> Architecture.parse("conv4,dense8,gap,dense1", a.input()))
                .hasMessageContaining("gap after a dense layer").hasMessageContaining("come before the dense layers");
    }

    @Test
    void shouldParseBatchNormalisedLayersRoundTripAndListTheirArraysAfterTheWeights() {
        Architecture a = Architecture.parse("convbn4,pool,conv8,densebn6,dense1", new TensorShape(8, 8, 3));

        assertThat(a.layers()).containsExactly(new LayerSpec.Conv(4, true), new LayerSpec.MaxPool(), new LayerSpec.Conv(8),
                new LayerSpec.Dense(6, true), new LayerSpec.Dense(1));
        assertThat(Architecture.parse(a.layerTokens(), a.input())).isEqualTo(a);
        assertThat(a.layerTokens()).isEqualTo("convbn4,pool,conv8,densebn6,dense1");
        assertThat(a.isNormalised()).isTrue();
        assertThat(a.outputShapes()).extracting(TensorShape::toString)
                .containsExactly("8x8x4", "4x4x4", "4x4x8", "1x1x6", "1x1x1");
        // W, b pairs first (b of a normalised layer is its β), then γ, running mean, running variance per normalised layer
        assertThat(a.parameters()).containsExactly(
                new ParamSpec("W1", 4, 27), new ParamSpec("b1", 4, 1),
                new ParamSpec("W2", 8, 36), new ParamSpec("b2", 8, 1),
                new ParamSpec("W3", 6, 128), new ParamSpec("b3", 6, 1),
                new ParamSpec("W4", 1, 6), new ParamSpec("b4", 1, 1),
                new ParamSpec("gamma1", 4, 1), new ParamSpec("mean1", 4, 1), new ParamSpec("var1", 4, 1),
                new ParamSpec("gamma3", 6, 1), new ParamSpec("mean3", 6, 1), new ParamSpec("var3", 6, 1));
        assertThat(a.weightedLayers()).isEqualTo(4);
        assertThat(a.withoutNormalisation().layerTokens()).isEqualTo("conv4,pool,conv8,dense6,dense1");
        assertThat(a.withoutNormalisation().isNormalised()).isFalse();
        assertThat(Architecture.parse("densebn6,dense1", a.input()).isDenseOnly())
                .as("a dense network with batch normalisation is not the article's kind").isFalse();
    }

    @Test
    void shouldRefuseMalformedBatchNormalisedLayersWithAReason() {
        TensorShape in = new TensorShape(8, 8, 3);
        assertThatThrownBy(() -> Architecture.parse("convbn0,dense1", in)).hasMessageContaining("at least one filter");
        assertThatThrownBy(() -> Architecture.parse("densebn0,dense1", in)).hasMessageContaining("at least one unit");
        assertThatThrownBy(() -> Architecture.parse("convbn,dense1", in)).hasMessageContaining("unknown layer 'convbn'")
                .hasMessageContaining("convbnN and densebnN");
        assertThatThrownBy(() -> Architecture.parse("conv4,densebn1", in)).hasMessageContaining("last layer");
        assertThatThrownBy(() -> Architecture.parse("densebn8,convbn8,dense1", in)).hasMessageContaining("convbn8 after a dense layer");
    }

    @Test
    void shouldDescribeTheArticleNetworkAsDenseLayers() {
        Architecture a = Architecture.dense(NetworkShape.ARTICLE);

        assertThat(a.isDenseOnly()).isTrue();
        assertThat(a.toNetworkShape()).isEqualTo(NetworkShape.ARTICLE);
        assertThat(a.parameterCount()).isEqualTo(NetworkShape.ARTICLE.parameterCount());
        assertThat(a.layerTokens()).isEqualTo("dense20,dense7,dense5,dense1");
    }

    @Test
    void shouldRefuseNetworksItCannotRunWithAReason() {
        TensorShape in = new TensorShape(8, 8, 3);
        assertThatThrownBy(() -> Architecture.parse("conv8,pool", in)).hasMessageContaining("last layer");
        assertThatThrownBy(() -> Architecture.parse("dense8,conv8,dense1", in)).hasMessageContaining("conv8 after a dense layer");
        assertThatThrownBy(() -> Architecture.parse("pool,pool,pool,pool,dense1", in)).hasMessageContaining("at least 2×2");
        assertThatThrownBy(() -> Architecture.parse("conv,dense1", in)).hasMessageContaining("unknown layer 'conv'");
        assertThatThrownBy(() -> Architecture.parse("conv0,dense1", in)).hasMessageContaining("at least one filter");
        assertThatThrownBy(() -> Architecture.parse("conv4,dense1", in).toNetworkShape()).isInstanceOf(IllegalStateException.class);
    }
}
