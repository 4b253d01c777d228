package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.Sha256;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Jazzer over the model record parser: {@link ModelCodec#decode} lets out only {@link InvalidModelException}, and
 * {@link ModelRecordValidator#validate(String, org.apache.kafka.common.header.Headers, byte[], long)} never throws and
 * never needs its catch-all ("unreadable record"), which would mean a check itself broke on hostile input. The record
 * fuzz starts from a valid version record or activation and lets the fuzzer keep, drop or replace each part.
 * Seeds: {@code src/test/resources/io/catstream/registry/ModelRecordFuzzTestInputs/} (a tiny valid model file).
 */
class ModelRecordFuzzTest {

    private static final ModelRecordValidator VALIDATOR = ModelRecordValidator.unsigned();
    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    private static final byte[] MODEL = ModelCodec.encode(TestModels.random(new NetworkShape(new int[] {12, 2, 1}), 1)
            .withName("cats"));
    private static final String[] HEADERS = {RegistryHeaders.KIND, RegistryHeaders.NAME, RegistryHeaders.VERSION,
        RegistryHeaders.SHA256, RegistryHeaders.PUBLISHED_AT, RegistryHeaders.SIGNATURE, RegistryHeaders.KEY_ID};

    @FuzzTest(maxDuration = "60s")
    void shouldDecodeAModelFileOrRefuseItWithAReason(byte[] bytes) {
        try {
            ModelArtifact model = ModelCodec.decode(bytes);
            assertThat(model.architecture()).isNotNull();
        } catch (InvalidModelException e) {
            assertThat(e.reason()).isNotNull();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void shouldTurnAnyRecordIntoAnAcceptanceOrARefusalWithoutThrowing(FuzzedDataProvider data) {
        // Start from a valid record (a tiny model version, or an activation) and let the fuzzer decide what to keep,
        // drop or replace, so the checks behind the cheap ones are reached too.
        boolean activation = data.consumeBoolean();
        ProducerRecord<String, byte[]> valid = activation
                ? ModelRecords.activation("t", new Activation("cats", 1 + data.consumeInt(0, 3), AT, null, "fuzz", null), null)
                : ModelRecords.version("t", "cats", 1, MODEL, AT, null);
        String key = data.consumeBoolean() ? valid.key() : data.consumeString(40);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : valid.headers()) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> { } // dropped
                case 1 -> headers.add(h.key(), data.consumeBoolean() ? null : data.consumeString(80).getBytes(StandardCharsets.UTF_8));
                default -> headers.add(h.key(), h.value());
            }
        }
        if (data.consumeBoolean()) {
            headers.add(HEADERS[data.consumeInt(0, HEADERS.length - 1)], data.consumeString(80).getBytes(StandardCharsets.UTF_8));
        }
        byte[] value = switch (data.consumeInt(0, 4)) {
            case 0 -> null;
            case 1 -> data.consumeRemainingAsBytes();
            case 2 -> mutated(valid.value(), data);
            default -> valid.value();
        };
        if (!activation && value != null && data.consumeBoolean()) { // a writer who recomputes the checksum header
            headers.remove(RegistryHeaders.SHA256);
            headers.add(RegistryHeaders.SHA256, Sha256.hex(value).getBytes(StandardCharsets.UTF_8));
        }

        RegistryRecord outcome = VALIDATOR.validate(key, headers, value, 0);

        assertThat(outcome).isNotNull();
        if (outcome instanceof Refusal refusal) {
            assertThat(refusal.reason()).isNotNull();
            assertThat(refusal.message()).doesNotStartWith("unreadable record (");
        }
    }

    /** {@code bytes} with a few fuzzer-chosen bytes overwritten, and maybe cut short. */
    private static byte[] mutated(byte[] bytes, FuzzedDataProvider data) {
        byte[] copy = bytes.clone();
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits; i++) {
            copy[data.consumeInt(0, copy.length - 1)] = data.consumeByte();
        }
        return data.consumeBoolean() ? java.util.Arrays.copyOf(copy, data.consumeInt(0, copy.length)) : copy;
    }
}
