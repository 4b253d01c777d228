package io.catstream.stream;

import io.catstream.image.ImageLimits;
import io.catstream.model.ScoringEngine;
import io.catstream.registry.Challenger;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.RecordSigner;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real scoring topology on a {@link TopologyTestDriver} with its five topics under their default names, scoring
 * for model name {@code cats}: images, truth and model records in, labels, dead letters, accuracy records, labelled
 * predictions, truth dead letters and shadow predictions out.
 */
final class ScoringDriver implements AutoCloseable {

    static final ScoringTopics TOPICS = ScoringTopics.defaults();
    static final String MODEL_NAME = "cats";
    static final String APPLICATION_ID = "scoring-test";

    final ScoringContext context;
    final TestOutputTopic<String, byte[]> labels;
    final TestOutputTopic<String, byte[]> deadLetters;
    final TestOutputTopic<String, byte[]> accuracy;
    final TestOutputTopic<String, byte[]> labelledPredictions;
    final TestOutputTopic<String, byte[]> truthDeadLetters;
    final TestOutputTopic<String, byte[]> shadowPredictions;
    /** The internal repartition of the accuracy deltas (TopologyTestDriver captures it like any output). */
    final TestOutputTopic<String, byte[]> accuracyDeltas;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> images;
    private final TestInputTopic<String, byte[]> truth;
    private final TestInputTopic<String, byte[]> models;

    /** Records start at {@code t0}, 10 ms apart; accuracy windows are {@code window} long. */
    ScoringDriver(ImageLimits limits, PublicKey verifyKey, MeterRegistry meters, Instant t0, Duration window) {
        this(limits, verifyKey, meters, t0, window, ShadowSelection.ALL);
    }

    /** As above, the challenger (if any) shadow-scoring the images {@code shadow} selects. */
    ScoringDriver(ImageLimits limits, PublicKey verifyKey, MeterRegistry meters, Instant t0, Duration window,
                  ShadowSelection shadow) {
        this(limits, verifyKey, List.of(), meters, t0, window, shadow);
    }

    /** As above, trusting {@code controllerKeys} beside {@code verifyKey} for pointers and decisions (serve --controller-key). */
    ScoringDriver(ImageLimits limits, PublicKey verifyKey, List<PublicKey> controllerKeys, MeterRegistry meters, Instant t0,
                  Duration window, ShadowSelection shadow) {
        context = ScoringContext.create(MODEL_NAME, limits, ScoringEngine.AUTO, verifyKey, controllerKeys, shadow,
                ScoringContext.metrics(meters, MODEL_NAME, Clock.systemUTC()), ScoringContext.DEFAULT_TRUTH_WINDOW,
                ScoreListener.NONE, Clock.systemUTC());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(ScoringTopology.build(TOPICS, window, context), props, t0);
        images = driver.createInputTopic(TOPICS.images(), new StringSerializer(), new ByteArraySerializer(), t0, Duration.ofMillis(10));
        models = driver.createInputTopic(TOPICS.modelWeights(), new StringSerializer(), new ByteArraySerializer());
        labels = driver.createOutputTopic(TOPICS.labels(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
        accuracy = driver.createOutputTopic(TOPICS.accuracy(), new StringDeserializer(), new ByteArrayDeserializer());
        truth = driver.createInputTopic(TOPICS.truth(), new StringSerializer(), new ByteArraySerializer(), t0, Duration.ofMillis(10));
        labelledPredictions = driver.createOutputTopic(TOPICS.labelledPredictions(), new StringDeserializer(),
                new ByteArrayDeserializer());
        truthDeadLetters = driver.createOutputTopic(TOPICS.truthDeadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
        shadowPredictions = driver.createOutputTopic(TOPICS.shadowPredictions(), new StringDeserializer(),
                new ByteArrayDeserializer());
        accuracyDeltas = driver.createOutputTopic(APPLICATION_ID + "-" + ScoringTopology.ACCURACY_REPARTITION + "-repartition",
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Version {@code version} of {@code cats} and its activation, as {@code catstream publish} writes them. */
    void publish(int version, byte[] model, Instant at, RecordSigner signer) {
        for (ProducerRecord<String, byte[]> r : StreamFixtures.published(TOPICS.modelWeights(), MODEL_NAME, version, model, at,
                true, signer)) {
            models.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), at));
        }
    }

    /** Version {@code version} of {@code cats} made its challenger, as {@code publish --as challenger} writes it. */
    void challenge(int version, byte[] model, Instant at) {
        challenge(version, model, at, null, null);
    }

    /** As above, the version record signed by {@code trainer} and the challenger pointer by {@code pointerSigner} (null: unsigned). */
    void challenge(int version, byte[] model, Instant at, RecordSigner trainer, RecordSigner pointerSigner) {
        for (ProducerRecord<String, byte[]> r : StreamFixtures.published(TOPICS.modelWeights(), MODEL_NAME, version, model, at,
                false, trainer)) {
            models.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), at));
        }
        ProducerRecord<String, byte[]> pointer = ModelRecords.challenger(TOPICS.modelWeights(),
                new Challenger(MODEL_NAME, version, at, "test", null, false, null), pointerSigner);
        models.pipeInput(new TestRecord<>(pointer.key(), pointer.value(), pointer.headers(), at));
    }

    /** An image record with key {@code id} and, unless null, the {@code label} header {@code truth}. */
    void send(String id, byte[] image, String truth) {
        sendAt(id, image, truth, null);
    }

    /** As above, with record timestamp {@code at} (null: the input topic's next time). */
    void sendAt(String id, byte[] image, String truth, Instant at) {
        RecordHeaders headers = new RecordHeaders();
        if (truth != null) {
            headers.add(Label.LABEL_HEADER, truth.getBytes(StandardCharsets.UTF_8));
        }
        images.pipeInput(new TestRecord<>(id, image, headers, at));
    }

    /** An {@code image-truth} record with key {@code id} and value {@code value} as given (null stays null). */
    void sendTruth(String id, byte[] value) {
        truth.pipeInput(id, value);
    }

    /** The global store over the model topic: what became of each record key. */
    KeyValueStore<String, String> modelStore() {
        return driver.getKeyValueStore(ScoringTopology.MODEL_STORE);
    }

    /** Moves the images' timestamps (stream time) on by {@code by}. */
    void advanceTime(Duration by) {
        images.advanceTime(by);
    }

    /** Moves the wall clock on by {@code by}: wall-clock punctuators (the accuracy deltas' forward, the truth sweep) run. */
    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    @Override
    public void close() {
        driver.close();
    }
}
