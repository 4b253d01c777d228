package io.catstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.catstream.model.Classifiers;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ScoringEngine;
import io.catstream.model.TestModels;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.Classifier;
import io.catstream.nn.layered.TensorShape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** v3, the demo's deliberately bad model: v2 mirrored. */
class DemoTrainingTest {

    @Test
    void shouldGiveOneMinusTheModelsProbabilityOnEveryImageWhenMirrored() {
        Architecture cnn = Architecture.parse("conv4,pool,conv8,pool,dense6,dense1", new TensorShape(8, 8, 3));
        ModelArtifact v2 = TestModels.randomLayered(cnn, 3);
        ModelArtifact v3 = DemoTraining.mirrored(v2);
        Classifier good = Classifiers.of(v2, ScoringEngine.CATSTREAM);
        Classifier bad = Classifiers.of(v3, ScoringEngine.CATSTREAM);
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            double[] image = new double[cnn.inputSize()];
            for (int k = 0; k < image.length; k++) {
                image[k] = random.nextDouble();
            }
            // sigmoid(-z) = 1 - sigmoid(z): computed here, not taken from the mirrored model
            assertThat(bad.probability(image)).isCloseTo(1 - good.probability(image), offset(1e-12));
        }
        assertThat(v3.architecture()).isEqualTo(cnn);
        assertThat(v3.input()).isEqualTo(v2.input());
        assertThat(v3.extra().get("demo")).contains("deliberately bad");
        int last = v2.arrays().size() - 1;
        assertThat(v2.arrays().get(last)).as("v2's own output bias untouched").isEqualTo(TestModels.randomLayered(cnn, 3).arrays().get(last));
        assertThat(v3.arrays().get(last)).isNotEqualTo(v2.arrays().get(last));
        Classifiers.close(good);
        Classifiers.close(bad);
    }
}
