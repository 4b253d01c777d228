package io.catstream.stream;

import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.Parameters;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.RecordSigner;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A trial for the gate's real-broker tests: champion 1 and its mirror image, challenger 2, which disagree on every image. */
final class GateTrialFixtures {

    private GateTrialFixtures() {
    }

    /** Seed 1's tiny network, or with {@code negated} its output layer's weights and bias negated: p becomes 1 − p. */
    static byte[] model(boolean negated) {
        ModelArtifact base = TestModels.random(StreamTestKit.TINY, 1).withName(StreamTestKit.MODEL);
        Parameters p = base.parameters().copy();
        if (negated) {
            for (double[] values : List.of(p.weights(p.layers()).data, p.bias(p.layers()).data)) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = -values[i];
                }
            }
        }
        return ModelCodec.encode(new ModelArtifact(base.name(), base.input(), base.training(), base.extra(), p));
    }

    /** Version 1 active, version 2 (its mirror) the challenger, all signed by {@code trainer}. */
    static List<ProducerRecord<String, byte[]>> trial(ScoringTopics topics, RecordSigner trainer, Instant at) {
        String name = StreamTestKit.MODEL;
        return List.of(
                ModelRecords.version(topics.modelWeights(), name, 1, model(false), at, trainer),
                ModelRecords.activation(topics.modelWeights(), new Activation(name, 1, at, null, "test", trainer.keyId()), trainer),
                ModelRecords.version(topics.modelWeights(), name, 2, model(true), at, trainer),
                ModelRecords.challenger(topics.modelWeights(), new Challenger(name, 2, at, "test", 1, false, trainer.keyId()), trainer));
    }
}
