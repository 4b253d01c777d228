package io.catstream.stream;

import io.catstream.gate.GateSettings;
import io.catstream.image.ImageLimits;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.ScoringEngine;
import io.catstream.model.TestModels;
import io.catstream.nn.Parameters;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.RecordSigner;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A trial for the gate's tests: champion 1 and its mirror image, challenger 2, which disagree on every image; and a
 * scorer with its gate, for the real broker or a TopologyTestDriver.
 */
final class GateTrialFixtures {

    private GateTrialFixtures() {
    }

    /**
     * The keys of a trial run by {@code serve} in its own JVM: the trainer signs the models and pointers, the gate
     * signs its decisions with the controller key.
     *
     * @param serveArgs {@code --verify-key} (the trainer's public key) and {@code --controller-signing-key}, as files
     */
    record ScorerKeys(RecordSigner trainer, RecordSigner controller, List<String> serveArgs) {
    }

    /** Fresh trainer and controller keys, written under {@code work} for a scorer JVM to read. */
    static ScorerKeys scorerKeys(Path work) throws IOException {
        KeyPair trainer = Ed25519Keys.generate();
        KeyPair controller = Ed25519Keys.generate();
        Files.createDirectories(work);
        Path trainerPub = work.resolve("trainer.pub");
        Path controllerKey = work.resolve("controller.key");
        Ed25519Keys.writePublic(trainerPub, trainer.getPublic());
        Ed25519Keys.writePrivate(controllerKey, controller.getPrivate());
        return new ScorerKeys(RecordSigner.of(trainer.getPrivate()), RecordSigner.of(controller.getPrivate()),
                List.of("--verify-key", trainerPub.toString(), "--controller-signing-key", controllerKey.toString()));
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

    /**
     * The scoring context of a scorer whose gate signs with {@code signer} (null: it counts only), trusting the
     * controller key beside the trainer's, as serve does with its own signing key; its clock fixed an hour after
     * {@code t0}.
     */
    static ScoringContext scorerWithGate(RecordSigner trainer, RecordSigner controller, RecordSigner signer,
                                         GateSettings settings, MeterRegistry meters, Instant t0) {
        Clock clock = Clock.fixed(t0.plusSeconds(3600), ZoneOffset.UTC);
        return ScoringContext.create(StreamTestKit.MODEL, ImageLimits.defaults(), ScoringEngine.AUTO, trainer.publicKey(),
                        List.of(controller.publicKey()), ShadowSelection.ALL, ScoringContext.metrics(meters, StreamTestKit.MODEL, clock),
                        ScoringContext.DEFAULT_TRUTH_WINDOW, ScoreListener.NONE, clock)
                .withGate(new GateConfig(settings, Guardrails.DEFAULTS, signer));
    }

    /** The whole scoring topology of {@code context} on a TopologyTestDriver, application id {@code app}. */
    static TopologyTestDriver topologyDriver(ScoringContext context, String app, Instant t0) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(ScoringTopology.build(ScoringTopics.defaults(), Duration.ofMinutes(1), context), props, t0);
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
