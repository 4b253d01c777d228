package io.catstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.model.InvalidModelException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The optional {@code reference} section of the model header (issue #17). */
class ModelReferenceTest {

    private static final ModelReference REFERENCE = ModelReference.of("validation",
            new double[] {0.05, 0.31, 0.62, 0.97, 0.5},
            new double[] {0.4, 0.45, 0.5, 0.2, 0.99},
            new double[] {0, 0, 1, 1, 1});

    private static ModelArtifact model() {
        return ModelArtifact.of("cats", InputContract.rgb(4), TestModels.trainingFacts(),
                TestModels.randomParameters(TestModels.SMALL, 1));
    }

    @Test
    void shouldRoundTripTheReferenceThroughTheModelFile() {
        ModelArtifact withReference = model().withReference(REFERENCE);

        ModelArtifact read = ModelCodec.decode(ModelCodec.encode(withReference));

        assertThat(read.reference()).isEqualTo(REFERENCE);
        assertThat(read).isEqualTo(withReference);
        assertThat(read.reference().probability()).containsExactly(1, 0, 0, 1, 0, 1, 1, 0, 0, 1);
        assertThat(read.reference().observedAccuracy()).isEqualTo(0.8); // p = 0.5 is not a cat: its label 1 is missed
        assertThat(ModelCodec.formatVersionOf(withReference)).as("an optional field, not a new format version").isEqualTo(1);
    }

    @Test
    void shouldWriteAModelWithoutReferenceExactlyAsBefore() {
        byte[] bytes = ModelCodec.encode(model());

        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\"reference\"");
        assertThat(ModelCodec.decode(bytes).reference()).isNull();
    }

    @Test
    void shouldRefuseAReferenceWhoseBucketsDoNotAddUp() {
        // ISO-8859-1: one char per byte, so the weights survive the round trip and the header keeps its length
        String header = new String(ModelCodec.encode(model().withReference(REFERENCE)), StandardCharsets.ISO_8859_1);
        String tampered = header.replace("\"examples\":5", "\"examples\":6");
        assertThat(tampered).isNotEqualTo(header);

        assertThatThrownBy(() -> ModelCodec.decode(tampered.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOfSatisfying(InvalidModelException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_HEADER))
                .hasMessageContaining("reference.examples");
    }

    @Test
    void shouldPutEveryValueInTheBucketNumpyWould() {
        // np.histogram([0, 0.1, 0.3, 0.30000000000000004, 0.9999, 1], bins=np.linspace(0, 1, 11)) puts 0.3 in bucket 2:
        // linspace's third edge is 0.30000000000000004
        assertThat(ModelReference.bucketOf(0.0)).isZero();
        assertThat(ModelReference.bucketOf(0.1)).isEqualTo(1);
        assertThat(ModelReference.bucketOf(0.3)).isEqualTo(2);
        assertThat(ModelReference.bucketOf(0.30000000000000004)).isEqualTo(3);
        assertThat(ModelReference.bucketOf(0.9999)).isEqualTo(9);
        assertThat(ModelReference.bucketOf(1.0)).isEqualTo(9);
        assertThat(ModelReference.bucketOf(Double.NaN)).isZero();
    }
}
