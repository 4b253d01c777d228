package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Jazzer over the model record parser: {@link ModelCodec#decode} lets out only {@link InvalidModelException}, and
 * {@link ModelRecordValidator#validate(String, org.apache.kafka.common.header.Headers, byte[], long)} never throws and
 * never needs its catch-all ("unreadable record"), which would mean a check itself broke on hostile input.
 * Seeds: {@code src/test/resources/io/catstream/registry/ModelRecordFuzzTestInputs/} (a tiny valid model file).
 */
class ModelRecordFuzzTest {

    private static final ModelRecordValidator VALIDATOR = ModelRecordValidator.unsigned();

    @FuzzTest(maxDuration = "60s")
    void shouldDecodeAModelFileOrRefuseItWithAReason(byte[] bytes) {
        try {
            ModelArtifact model = ModelCodec.decode(bytes);
            assertThat(model.shape()).isNotNull();
        } catch (InvalidModelException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void shouldTurnAnyRecordIntoAnAcceptanceOrARefusalWithoutThrowing(FuzzedDataProvider data) {
        // key and headers from the front of the input, the value (mostly a model file from the seeds) from the rest
        String key = data.consumeBoolean() ? "cats@" + data.consumeInt(-2, 12) : data.consumeString(40);
        RecordHeaders headers = new RecordHeaders();
        int count = data.consumeInt(0, 8);
        String[] names = {RegistryHeaders.KIND, RegistryHeaders.NAME, RegistryHeaders.VERSION, RegistryHeaders.SHA256,
            RegistryHeaders.PUBLISHED_AT, RegistryHeaders.SIGNATURE, RegistryHeaders.KEY_ID, "other"};
        for (int i = 0; i < count; i++) {
            String name = names[data.consumeInt(0, names.length - 1)];
            headers.add(name, data.consumeBoolean() ? null : data.consumeString(80).getBytes(StandardCharsets.UTF_8));
        }
        byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();

        RegistryRecord outcome = VALIDATOR.validate(key, headers, value, 0);

        assertThat(outcome).isNotNull();
        if (outcome instanceof Refusal refusal) {
            assertThat(refusal.reason()).isNotNull();
            assertThat(refusal.message()).doesNotStartWith("unreadable record (");
        }
    }
}
