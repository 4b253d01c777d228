package io.catstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.image.RgbImage;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SyntheticImagesTest {

    @Test
    void shouldDrawAsManyCatsAsNonCatsWithLabelsInTheirIds() {
        List<DemoImage> images = SyntheticImages.generate(40, 64, 1);

        assertThat(images).hasSize(40);
        assertThat(images.stream().filter(DemoImage::cat)).hasSize(20);
        assertThat(images).allSatisfy(i -> assertThat(i.id()).startsWith(i.cat() ? "synthetic/cats/" : "synthetic/random_images/"));
        assertThat(images.stream().map(DemoImage::id).distinct()).hasSize(40);
    }

    @Test
    void shouldBeDecodedByTheScorersPreprocessingAtTheirOwnSize() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessingContract.ofImageSize(64), ImageLimits.defaults());

        for (DemoImage image : SyntheticImages.generate(20, 64, 5)) {
            RgbImage rgb = preprocessor.toUprightRgb(image.bytes());
            assertThat(rgb.width()).isEqualTo(64);
            assertThat(rgb.height()).isEqualTo(64);
            double[] features = preprocessor.toFeatures(image.bytes());
            assertThat(features).hasSize(3 * 64 * 64);
            assertThat(IntStream.range(0, features.length).mapToDouble(i -> features[i]).distinct().count())
                    .as("not a blank image").isGreaterThan(10);
        }
    }

    @Test
    void shouldGiveTheSameBytesForTheSameSeedAndOtherBytesForAnother() {
        List<DemoImage> a = SyntheticImages.generate(10, 64, 42);
        List<DemoImage> b = SyntheticImages.generate(10, 64, 42);
        List<DemoImage> c = SyntheticImages.generate(10, 64, 43);

        for (int i = 0; i < 10; i++) {
            assertThat(a.get(i).bytes()).isEqualTo(b.get(i).bytes());
            assertThat(a.get(i).bytes()).isNotEqualTo(c.get(i).bytes());
        }
    }

    @Test
    void shouldDrawCatsThatDifferFromEachOther() {
        List<DemoImage> cats = SyntheticImages.generate(20, 64, 9).stream().filter(DemoImage::cat).toList();

        assertThat(cats.stream().map(i -> java.util.Arrays.hashCode(i.bytes())).distinct()).hasSize(cats.size());
    }

    @Test
    void shouldRefuseASetTooSmallToHoldBothClasses() {
        assertThatThrownBy(() -> SyntheticImages.generate(1, 64, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSplitTheSyntheticDemoDataSoNoStreamedImageWasTrainedOn() {
        DemoData data = DemoData.synthetic(50, 32, 1);

        assertThat(data.train().size() + data.stream().size()).isEqualTo(50);
        assertThat(data.stream()).hasSize(10);
        assertThat(data.train().featureCount()).isEqualTo(3 * 32 * 32);
        assertThat(data.description()).contains("synthetic");
    }
}
