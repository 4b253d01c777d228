package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreprocessingContractTest {

    @Test
    void shouldDefaultToTheArticlesFortyNineThousandFeatures() {
        PreprocessingContract contract = PreprocessingContract.defaults();

        assertThat(contract.imageSize()).isEqualTo(128);
        assertThat(contract.featureCount()).isEqualTo(49_152);
        assertThat(contract.channelOrder()).isEqualTo("RGB");
        assertThat(contract.resizeFilter()).isEqualTo("pillow-bilinear");
    }

    @Test
    void shouldDeriveImageSizeFromFeatureCount() {
        assertThat(PreprocessingContract.forFeatureCount(49_152)).isEqualTo(PreprocessingContract.defaults());
        assertThat(PreprocessingContract.forFeatureCount(12_288).imageSize()).isEqualTo(64);
        assertThat(PreprocessingContract.forFeatureCount(3).imageSize()).isEqualTo(1);
    }

    @Test
    void shouldRefuseFeatureCountThatIsNotThreeTimesASquare() {
        assertThatThrownBy(() -> PreprocessingContract.forFeatureCount(49_153))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("49153");
        assertThatThrownBy(() -> PreprocessingContract.forFeatureCount(3 * 128 * 127))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a square");
        assertThatThrownBy(() -> PreprocessingContract.forFeatureCount(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseContractsWeDoNotImplement() {
        assertThatThrownBy(() -> new PreprocessingContract(128, "BGR", "HWC", 255.0, "pillow-bilinear"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BGR");
        assertThatThrownBy(() -> new PreprocessingContract(128, "RGB", "CHW", 255.0, "pillow-bilinear"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessingContract(128, "RGB", "HWC", 1.0, "pillow-bilinear"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreprocessingContract(128, "RGB", "HWC", 255.0, "lanczos"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreprocessingContract.ofImageSize(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBeAPlainValueEqualByItsFields() {
        assertThat(PreprocessingContract.ofImageSize(64)).isEqualTo(PreprocessingContract.defaults().withImageSize(64));
    }
}
