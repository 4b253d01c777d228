package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.BacktestResult;
import io.catstream.model.DataLineage;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A model record's signature covers the model's lineage ({@code training.source}): the registry signs the SHA-256 of
 * the whole file, so a lineage changed after signing (other offsets, another data set hash) is refused; the same holds
 * for the backtest {@code publish --backtest} attaches.
 */
class ModelLineageSignatureTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final KeyPair KEYS = Ed25519Keys.generate();

    private static byte[] modelWith(String sha256, long to) {
        ModelArtifact model = TestModels.random(TestModels.SMALL, 5).withName("cats");
        DataLineage lineage = new DataLineage(DataLineage.KAFKA, "cluster-1", List.of(new DataLineage.OffsetRange("images", 0, 0, to)),
                Map.of("cat", 1L), Map.of(), sha256);
        return ModelCodec.encode(new ModelArtifact(model.name(), model.input(), model.training().withSource(lineage),
                model.extra(), model.weights(), model.reference()));
    }

    @Test
    void shouldRefuseAModelWhoseLineageChangedAfterSigning() {
        ModelRecordValidator verifying = new ModelRecordValidator(KEYS.getPublic());
        ProducerRecord<String, byte[]> signed = ModelRecords.version("t", "cats", 1, modelWith("ab".repeat(32), 42), NOW,
                RecordSigner.of(KEYS.getPrivate()));
        for (byte[] changed : List.of(modelWith("cd".repeat(32), 42), modelWith("ab".repeat(32), 43))) {
            // the record rebuilt around the changed file (its sha header consistent), carrying the original signature
            ProducerRecord<String, byte[]> tampered = ModelRecords.version("t", "cats", 1, changed, NOW, null);
            tampered.headers().add(signed.headers().lastHeader(RegistryHeaders.SIGNATURE));
            tampered.headers().add(signed.headers().lastHeader(RegistryHeaders.KEY_ID));

            RegistryRecord verdict = verifying.validate(tampered.key(), tampered.headers(), tampered.value(), 1);

            assertThat(verdict).isInstanceOf(Refusal.class);
            assertThat(((Refusal) verdict).reason()).isEqualTo(RefusalReason.SIGNATURE_INVALID);
        }
        assertThat(verifying.validate(signed.key(), signed.headers(), signed.value(), 1)).isInstanceOf(PublishedModel.class);
    }

    private static byte[] modelWithBacktest(BacktestResult.Verdict verdict) {
        BacktestResult backtest = new BacktestResult("cats", 1, 20, 5, 9, 2, 0.21, 0.91, 0.05, verdict, null, null,
                List.of(new DataLineage.OffsetRange("images", 0, 0, 36)), "cluster-1", "ab".repeat(32), 36, 0, Map.of(), NOW);
        return ModelCodec.encode(TestModels.random(TestModels.SMALL, 5).withName("cats").withBacktest(backtest));
    }

    /** publish --backtest attaches the result to the model file, so the same signature covers it (issue #14). */
    @Test
    void shouldRefuseAModelWhoseBacktestChangedAfterSigning() {
        ModelRecordValidator verifying = new ModelRecordValidator(KEYS.getPublic());
        ProducerRecord<String, byte[]> signed = ModelRecords.version("t", "cats", 1,
                modelWithBacktest(BacktestResult.Verdict.WORSE_CLEARLY), NOW, RecordSigner.of(KEYS.getPrivate()));
        ProducerRecord<String, byte[]> tampered = ModelRecords.version("t", "cats", 1,
                modelWithBacktest(BacktestResult.Verdict.NOT_WORSE), NOW, null);
        tampered.headers().add(signed.headers().lastHeader(RegistryHeaders.SIGNATURE));
        tampered.headers().add(signed.headers().lastHeader(RegistryHeaders.KEY_ID));

        RegistryRecord forged = verifying.validate(tampered.key(), tampered.headers(), tampered.value(), 1);
        RegistryRecord genuine = verifying.validate(signed.key(), signed.headers(), signed.value(), 1);

        assertThat(forged).isInstanceOf(Refusal.class);
        assertThat(((Refusal) forged).reason()).isEqualTo(RefusalReason.SIGNATURE_INVALID);
        assertThat(genuine).isInstanceOf(PublishedModel.class);
        assertThat(((PublishedModel) genuine).artifact().backtest().verdict()).isEqualTo(BacktestResult.Verdict.WORSE_CLEARLY);
    }
}
