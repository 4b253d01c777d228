package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.metrics.AccuracyWindow;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.metrics.TruthMetrics;
import io.catstream.registry.RegistryFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The truth join of the scoring topology on TopologyTestDriver: truth before and after its image, header truth,
 * duplicate, conflicting, late, unknown and malformed truth, and the accuracy and coverage that follow from the join.
 * The driver's wall clock drives expiry.
 */
class TruthJoinTest {

    private static final ScoringTopics TOPICS = ScoringTopics.defaults();
    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private static final Duration ACCURACY_WINDOW = Duration.ofMinutes(10);
    private static final Duration TRUTH_WINDOW = Duration.ofMinutes(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private ScoringContext context;
    private TestInputTopic<String, byte[]> images;
    private TestInputTopic<String, byte[]> truth;
    private TestOutputTopic<String, byte[]> labels;
    private TestOutputTopic<String, byte[]> labelled;
    private TestOutputTopic<String, byte[]> truthDlq;
    private TestOutputTopic<String, byte[]> accuracy;

    @BeforeEach
    void start() {
        context = ScoringContext.create("cats", io.catstream.image.ImageLimits.defaults(), null,
                ScoringContext.metrics(meters, "cats", Clock.systemUTC()), TRUTH_WINDOW, ScoreListener.NONE, Clock.systemUTC());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "truth-join-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ScoringTopology.build(TOPICS, ACCURACY_WINDOW, TRUTH_WINDOW, context), props, T0);
        images = driver.createInputTopic(TOPICS.images(), new StringSerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(10));
        truth = driver.createInputTopic(TOPICS.truth(), new StringSerializer(), new ByteArraySerializer(), T0, Duration.ofMillis(10));
        labels = driver.createOutputTopic(TOPICS.labels(), new StringDeserializer(), new ByteArrayDeserializer());
        labelled = driver.createOutputTopic(TOPICS.labelledPredictions(), new StringDeserializer(), new ByteArrayDeserializer());
        truthDlq = driver.createOutputTopic(TOPICS.truthDeadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
        accuracy = driver.createOutputTopic(TOPICS.accuracy(), new StringDeserializer(), new ByteArrayDeserializer());
        TestInputTopic<String, byte[]> models = driver.createInputTopic(TOPICS.modelWeights(), new StringSerializer(),
                new ByteArraySerializer());
        for (ProducerRecord<String, byte[]> r : StreamFixtures.published(TOPICS.modelWeights(), "cats", 1,
                RegistryFixtures.smallModel("cats", 7), T0, true, null)) {
            models.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), T0));
        }
    }

    @AfterEach
    void close() {
        driver.close();
    }

    /** Scores image {@code id}; returns its label as written to image-labels. */
    private Label image(String id, String headerTruth) {
        RecordHeaders headers = new RecordHeaders();
        if (headerTruth != null) {
            headers.add(Label.LABEL_HEADER, headerTruth.getBytes(StandardCharsets.UTF_8));
        }
        images.pipeInput(new TestRecord<>(id, StreamFixtures.png(id.hashCode() & 31), headers, (Instant) null));
        List<byte[]> out = labels.readValuesToList();
        assertThat(out).hasSize(1);
        return Label.fromJson(out.get(0));
    }

    private void truth(String id, String value) {
        truth.pipeInput(id, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private List<LabelledPrediction> joined() {
        return labelled.readValuesToList().stream().map(LabelledPrediction::fromJson).toList();
    }

    private double unmatched(String reason) {
        return meters.find(TruthMetrics.UNMATCHED).tag("reason", reason).counter().count();
    }

    /** Moves the wall clock in sweep-sized steps, so every sweep in between runs. */
    private void advanceWallClock(Duration by) {
        Duration step = TruthJoinProcessor.sweepInterval(TRUTH_WINDOW);
        for (Duration done = Duration.ZERO; done.compareTo(by) < 0; done = done.plus(step)) {
            driver.advanceWallClockTime(step);
        }
    }

    @Test
    void shouldJoinTruthThatArrivesAfterItsImageIntoOneLabelledPrediction() {
        Label label = image("cats/1.jpg", null);
        Instant at = label.scoredAt().plusSeconds(42);

        truth("cats/1.jpg", "{\"is_cat\": true, \"source\": \"moderator\", \"at\": \"" + at + "\"}");

        List<LabelledPrediction> out = joined();
        Instant scoredAt = label.scoredAt().truncatedTo(ChronoUnit.MILLIS);
        assertThat(out).containsExactly(new LabelledPrediction("cats/1.jpg", "cats", 1, label.probability(), label.isCat(),
                true, scoredAt, at.truncatedTo(ChronoUnit.MILLIS), 42_000, "moderator"));
        assertThat(out.get(0).correct()).isEqualTo(label.isCat());
        assertThat(context.metrics().accuracy(1)).isEqualTo(label.isCat() ? 1.0 : 0.0);
        assertThat(context.truthMetrics().delayTimer().count()).isEqualTo(1);
        assertThat(context.truthMetrics().delayTimer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(42_000);
    }

    @Test
    void shouldJoinTruthThatArrivesBeforeItsImageWhenTheImageComes() {
        truth("dog/2.jpg", "0");
        assertThat(joined()).isEmpty();

        Label label = image("dog/2.jpg", null);

        List<LabelledPrediction> out = joined();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).truth()).isFalse();
        assertThat(out.get(0).correct()).isEqualTo(!label.isCat());
        assertThat(out.get(0).truthSource()).isNull();
        assertThat(out.get(0).delayMillis()).as("truth given before the image was scored").isNegative();
        assertThat(context.truthMetrics().delayTimer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("recorded as 0").isZero();
    }

    @Test
    void shouldEmitOneRecordForDuplicateTruthAndCountTheRepeats() {
        image("a", null);
        truth("a", "1");
        truth("a", "true");
        truth("a", "{\"is_cat\": true}");

        assertThat(joined()).hasSize(1);
        assertThat(unmatched(TruthMetrics.DUPLICATE)).isEqualTo(2);
        assertThat(unmatched(TruthMetrics.CONFLICT)).isZero();
    }

    @Test
    void shouldKeepTheFirstTruthWhenLaterTruthConflictsAndCountTheConflict() {
        truth("b", "1");
        truth("b", "0"); // before the image: the pending truth is the first
        image("b", null);
        truth("b", "false");

        List<LabelledPrediction> out = joined();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).truth()).isTrue();
        assertThat(unmatched(TruthMetrics.CONFLICT)).isEqualTo(2);
    }

    @Test
    void shouldTreatHeaderTruthAsTruthWithDelayZeroAndCountLaterTopicTruthAgainstIt() {
        Label label = image("c", "1");

        List<LabelledPrediction> out = joined();
        Instant scoredAt = label.scoredAt().truncatedTo(ChronoUnit.MILLIS);
        assertThat(out).containsExactly(new LabelledPrediction("c", "cats", 1, label.probability(), label.isCat(), true,
                scoredAt, scoredAt, 0, Truth.HEADER_SOURCE));
        truth("c", "0");
        assertThat(joined()).isEmpty();
        assertThat(unmatched(TruthMetrics.CONFLICT)).isEqualTo(1);
    }

    @Test
    void shouldCountTruthForAnExpiredPredictionAsLateWithoutARecord() {
        image("d", null);
        advanceWallClock(TRUTH_WINDOW.plusSeconds(10));

        truth("d", "1");

        assertThat(joined()).isEmpty();
        assertThat(unmatched(TruthMetrics.LATE)).isEqualTo(1);
        assertThat(unmatched(TruthMetrics.UNKNOWN)).isZero();
    }

    @Test
    void shouldCountTruthThatMeetsNoPredictionWithinTheWindowAsUnknown() {
        truth("nobody", "1");
        advanceWallClock(TRUTH_WINDOW.minusSeconds(10));
        assertThat(unmatched(TruthMetrics.UNKNOWN)).as("still waiting").isZero();

        advanceWallClock(Duration.ofSeconds(20));
        image("nobody", null); // its image after the window: the truth is gone

        assertThat(unmatched(TruthMetrics.UNKNOWN)).isEqualTo(1);
        assertThat(joined()).isEmpty();
    }

    @Test
    void shouldKeepAPendingTruthUntilItsImageComesWithinTheWindow() {
        truth("slow", "0");
        advanceWallClock(TRUTH_WINDOW.minusSeconds(10));

        image("slow", null);

        assertThat(joined()).hasSize(1);
        advanceWallClock(TRUTH_WINDOW.multipliedBy(3));
        assertThat(unmatched(TruthMetrics.UNKNOWN)).as("matched truth expires without a count").isZero();
    }

    @Test
    void shouldDeadLetterMalformedTruthWithItsBytesHeadersAndAReasonAndCarryOn() {
        Map<String, String> reasons = new HashMap<>();
        String[][] bad = {{"e", ""}, {"v", "maybe"}, {"j", "{\"is_cat\": \"yes\"}"}, {"t", "{\"is_cat\": true, \"at\": \"noon\"}"}};
        for (String[] b : bad) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", b[0].getBytes(StandardCharsets.UTF_8));
            truth.pipeInput(new TestRecord<>(b[0], b[1].getBytes(StandardCharsets.UTF_8), headers, (Instant) null));
        }
        truth.pipeInput(new TestRecord<>((String) null, "1".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), (Instant) null));

        var dead = truthDlq.readRecordsToList();
        assertThat(dead).hasSize(5);
        for (var r : dead) {
            reasons.put(r.key(), DeadLetter.header(r.headers(), DeadLetter.REASON_HEADER));
        }
        assertThat(reasons).containsEntry("e", Truth.EMPTY).containsEntry("v", Truth.BAD_VALUE)
                .containsEntry("j", Truth.BAD_VALUE).containsEntry("t", Truth.BAD_AT).containsEntry(null, Truth.NO_KEY);
        assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("maybe");
        assertThat(DeadLetter.header(dead.get(1).headers(), "trace")).isEqualTo("v");
        assertThat(DeadLetter.header(dead.get(1).headers(), DeadLetter.SOURCE_TOPIC_HEADER)).isEqualTo(TOPICS.truth());
        assertThat(meters.find(TruthMetrics.DEAD_LETTERED).tag("reason", Truth.BAD_VALUE).counter().count()).isEqualTo(2);

        image("after", null);
        truth("after", "1");
        assertThat(joined()).as("the join carries on").hasSize(1);
    }

    @Test
    void shouldComputeModelAccuracyAndCoverageFromTheJoinedStreamOnly() {
        int[] counts = new int[2]; // [correct, total] counted here from the labels and the truth sent
        for (int i = 0; i < 8; i++) {
            Label label = image("img" + i, null);
            if (i % 4 != 3) { // 6 of 8 get truth, late
                boolean isCat = i % 2 == 0;
                truth("img" + i, isCat ? "1" : "0");
                counts[0] += label.isCat() == isCat ? 1 : 0;
                counts[1]++;
            }
        }

        driver.advanceWallClockTime(AccuracyDeltas.forwardInterval(ACCURACY_WINDOW)); // the deltas' forward
        AccuracyWindow latest = null;
        for (var kv : accuracy.readKeyValuesToList()) {
            latest = JsonSerdes.accuracyWindow().deserializer().deserialize("", kv.value);
        }
        assertThat(latest).isNotNull();
        assertThat(latest.counts().total()).isEqualTo(counts[1]);
        assertThat(latest.counts().truePositives() + latest.counts().trueNegatives()).isEqualTo(counts[0]);
        assertThat(context.metrics().accuracy(1)).isEqualTo((double) counts[0] / counts[1]);
        assertThat(meters.find(TruthMetrics.COVERAGE).tag("model_version", "1").gauge().value()).isEqualTo(6.0 / 8);
        assertThat(meters.find(ScoringMetrics.ACCURACY).tag("model_version", "1").gauge().value())
                .isEqualTo((double) counts[0] / counts[1]);
    }

    @Test
    void shouldExportTheTestAccuracyTheActiveVersionWasPublishedWith() {
        Double published = io.catstream.model.ModelCodec.decode(RegistryFixtures.smallModel("cats", 7)).training().testAccuracy();

        var gauge = meters.find(TruthMetrics.MODEL_TEST_ACCURACY).tag("model_version", "1").gauge();

        if (published == null) {
            assertThat(gauge).isNull();
        } else {
            assertThat(gauge.value()).isEqualTo(published);
        }
    }

    /** The records written since the last call to the changelogs of the join's two stores: [predictions, truth]. */
    private List<List<TestRecord<String, byte[]>>> joinChangelogs() {
        return List.of(changelog(TruthJoinProcessor.PREDICTIONS_STORE).readRecordsToList(),
                changelog(TruthJoinProcessor.TRUTH_STORE).readRecordsToList());
    }

    private TestOutputTopic<String, byte[]> changelog(String store) {
        return driver.createOutputTopic("truth-join-test-" + store + "-changelog", new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private static PredictionEntry entry(TestRecord<String, byte[]> changelogRecord) {
        return PredictionEntry.fromBytes(changelogRecord.value());
    }

    @Test
    void shouldWriteOneStoreEntryWhenTruthJoinsAnImageScoredBefore() {
        image("after", null);
        var scored = joinChangelogs();
        assertThat(scored.get(0)).hasSize(1);
        assertThat(entry(scored.get(0).get(0)).state()).isEqualTo(PredictionEntry.State.OPEN);
        assertThat(scored.get(1)).isEmpty();

        truth("after", "1");

        assertThat(joined()).hasSize(1);
        var join = joinChangelogs();
        assertThat(join.get(0)).as("the prediction, matched, is the join's only write").hasSize(1);
        assertThat(entry(join.get(0).get(0)).state()).isEqualTo(PredictionEntry.State.MATCHED);
        assertThat(entry(join.get(0).get(0)).truthIsCat()).isTrue();
        assertThat(join.get(1)).as("no truth entry for truth that found its prediction").isEmpty();
    }

    @Test
    void shouldWriteHeaderTruthAsOneMatchedEntryWithoutAnOpenOneFirst() {
        image("header", "0");

        assertThat(joined()).hasSize(1);
        var writes = joinChangelogs();
        assertThat(writes.get(0)).hasSize(1);
        assertThat(entry(writes.get(0).get(0)).state()).isEqualTo(PredictionEntry.State.MATCHED);
        assertThat(entry(writes.get(0).get(0)).truthIsCat()).isFalse();
        assertThat(writes.get(1)).isEmpty();
    }

    @Test
    void shouldWritePendingTruthThenTheMatchedPredictionAndDeleteThePendingTruth() {
        truth("first", "0");
        var pending = joinChangelogs();
        assertThat(pending.get(0)).isEmpty();
        assertThat(pending.get(1)).hasSize(1);
        assertThat(TruthEntry.fromBytes(pending.get(1).get(0).value()).matched()).isFalse();

        image("first", null);

        assertThat(joined()).hasSize(1);
        var join = joinChangelogs();
        assertThat(join.get(0)).hasSize(1);
        assertThat(entry(join.get(0).get(0)).state()).isEqualTo(PredictionEntry.State.MATCHED);
        assertThat(entry(join.get(0).get(0)).truthIsCat()).isFalse();
        assertThat(join.get(1)).as("the pending truth's tombstone").hasSize(1);
        assertThat(join.get(1).get(0).value()).isNull();
    }

    @Test
    void shouldTellDuplicateFromConflictAfterAMatchByTheMatchedPredictionAlone() {
        image("late-truth", null);
        truth("late-truth", "1");
        truth("early-truth", "0");
        image("early-truth", null);
        image("in-header", "1");
        assertThat(joined()).hasSize(3);
        assertThat(driver.<String, TruthEntry>getKeyValueStore(TruthJoinProcessor.TRUTH_STORE).approximateNumEntries())
                .as("no truth kept after its match").isZero();

        truth("late-truth", "true");
        truth("late-truth", "0");
        truth("early-truth", "0");
        truth("early-truth", "1");
        truth("in-header", "1");
        truth("in-header", "false");
        image("in-header", "0"); // the image again, with other header truth

        assertThat(joined()).isEmpty();
        assertThat(unmatched(TruthMetrics.DUPLICATE)).isEqualTo(3);
        assertThat(unmatched(TruthMetrics.CONFLICT)).isEqualTo(4);
    }

    @Test
    void shouldTellDuplicateFromConflictForAMatchWrittenBeforeThePredictionKeptItsTruth() {
        image("old", null);
        long now = T0.toEpochMilli();
        var predictions = driver.<String, PredictionEntry>getKeyValueStore(TruthJoinProcessor.PREDICTIONS_STORE);
        PredictionEntry open = predictions.get("old");
        // as the join wrote a match before: a MATCHED prediction without a class, and the truth kept as matched
        predictions.put("old", new PredictionEntry(open.version(), open.probability(), open.isCat(), open.scoredAtMillis(),
                PredictionEntry.State.MATCHED, now, 0, Double.NaN, null));
        driver.<String, TruthEntry>getKeyValueStore(TruthJoinProcessor.TRUTH_STORE)
                .put("old", new TruthEntry(new Truth(true, null, T0), true, now));

        truth("old", "1");
        truth("old", "0");

        assertThat(joined()).isEmpty();
        assertThat(unmatched(TruthMetrics.DUPLICATE)).isEqualTo(1);
        assertThat(unmatched(TruthMetrics.CONFLICT)).isEqualTo(1);
        advanceWallClock(TRUTH_WINDOW.multipliedBy(2));
        assertThat(driver.<String, TruthEntry>getKeyValueStore(TruthJoinProcessor.TRUTH_STORE).get("old"))
                .as("the old matched truth goes with the sweep").isNull();
        assertThat(unmatched(TruthMetrics.UNKNOWN)).isZero();
    }

    @Test
    void shouldCloseChangelogSegmentsAndDropTombstonesWithinATruthWindowButNotFasterThanAMinute() {
        assertThat(TruthTopology.changelogConfig(Duration.ofHours(1))).containsEntry("segment.ms", "3600000")
                .containsEntry("delete.retention.ms", "3600000").containsEntry("segment.bytes", "67108864");
        assertThat(TruthTopology.changelogConfig(Duration.ofSeconds(15))).containsEntry("segment.ms", "60000")
                .containsEntry("delete.retention.ms", "60000");
    }
}
