package io.catstream.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.model.DataLineage;
import io.catstream.train.DatasetException;
import io.catstream.train.ExampleSets;
import io.catstream.train.ExampleSource;
import io.catstream.train.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A data set read from Kafka, as the mini-batch recipes get it: decoded from its spill file when a batch is read, with
 * the unreadable images counted in the lineage, and the spill gone once the training sets are closed.
 */
class KafkaDatasetStreamTest {

    private static final ImagePreprocessor PREPROCESSOR =
            new ImagePreprocessor(PreprocessingContract.ofImageSize(4), ImageLimits.defaults());

    private static byte[] png(int grey) throws IOException {
        BufferedImage image = new BufferedImage(6, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                image.setRGB(x, y, grey << 16 | (x * 40) << 8 | y * 40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void shouldDecodeEachBatchFromTheSpillCountTheUnreadableAndDeleteTheSpillWhenTheSetsClose() throws IOException {
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            images.add(new LabelledImage(String.format("cats/%02d.png", i), i % 2 == 0, png(20 * i)));
        }
        images.add(new LabelledImage("cats/zz-not-an-image.png", true, "no image".getBytes()));
        SpilledImages spilled = SpilledImages.of(images);
        DataLineage lineage = new DataLineage(DataLineage.KAFKA, "cluster", List.of(), Map.of(KafkaDataset.CAT, 11L),
                Map.of(LeftOut.NO_TRUTH, 2L), DatasetHash.of(images));
        KafkaDataset.Read read = new KafkaDataset.Read(new TruthRules.Decided(spilled, Map.of(LeftOut.NO_TRUTH, 2L)), lineage);

        KafkaDataset.Streamed streamed = read.stream(new ImageLoader(PREPROCESSOR), 0.2, 1);
        ExampleSets sets = streamed.sets();

        assertThat(streamed.lineage().leftOut()).isEqualTo(Map.of(LeftOut.NO_TRUTH, 2L, LeftOut.UNREADABLE, 1L));
        assertThat(streamed.lineage().sha256()).isEqualTo(lineage.sha256());
        assertThat(sets.train().size() + sets.test().size()).as("the unreadable image is no example").isEqualTo(10);
        assertThat(sets.source()).startsWith("kafka:cluster").endsWith("(streamed)");
        // every example is the decoded bytes of one of the readable images, with its label
        ExampleSource train = sets.train();
        double[] x = new double[train.size() * train.featureCount()];
        train.read(ExampleSource.inOrder(train.size()), 0, train.size(), x);
        List<double[]> decoded = new ArrayList<>();
        for (LabelledImage image : images.subList(0, 10)) {
            decoded.add(PREPROCESSOR.toFeatures(image.bytes()));
        }
        int n = train.featureCount();
        for (int k = 0; k < train.size(); k++) {
            double[] row = Arrays.copyOfRange(x, k * n, (k + 1) * n);
            int image = -1;
            for (int i = 0; i < decoded.size(); i++) {
                if (Arrays.equals(decoded.get(i), row)) {
                    image = i;
                }
            }
            assertThat(image).as("example %d is one of the images", k).isNotNegative();
            assertThat(train.label(k)).isEqualTo(images.get(image).isCat() ? 1.0 : 0.0);
        }

        sets.close();

        assertThatThrownBy(() -> spilled.bytes(0)).as("the spill is closed with the sets").isInstanceOf(DatasetException.class);
    }
}
