package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.image.ImageLimits;
import io.catstream.metrics.AccuracyWindow;
import io.catstream.metrics.ConfusionCounts;
import io.catstream.registry.RegistryFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accuracy pre-aggregated in the scoring task (AccuracyDeltas) on the real scoring topology: the counts of
 * {@code model-accuracy} against a count made here from the labels and the truth sent, and the size of the
 * repartition by version against the number of labelled predictions.
 */
class AccuracyDeltasTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration FORWARD = AccuracyDeltas.forwardInterval(WINDOW);

    private ScoringDriver scoring;

    @BeforeEach
    void start() {
        scoring = new ScoringDriver(ImageLimits.defaults(), null, new SimpleMeterRegistry(), T0, WINDOW);
        scoring.publish(1, RegistryFixtures.smallModel(ScoringDriver.MODEL_NAME, 7), T0, null);
    }

    @AfterEach
    void close() {
        scoring.close();
    }

    /** The latest model-accuracy record of each window, by window start. */
    private Map<Instant, ConfusionCounts> accuracyByWindow() {
        Map<Instant, ConfusionCounts> latest = new HashMap<>();
        for (var kv : scoring.accuracy.readKeyValuesToList()) {
            AccuracyWindow w = JsonSerdes.accuracyWindow().deserializer().deserialize("", kv.value);
            assertThat(kv.key).isEqualTo(ScoringDriver.MODEL_NAME + "@1");
            latest.put(w.start(), w.counts());
        }
        return latest;
    }

    private static Instant windowStart(long timestamp) {
        return Instant.ofEpochMilli(timestamp - timestamp % WINDOW.toMillis());
    }

    @Test
    void shouldKeepADeltaIn40BytesAndRefuseAnyOtherLength() {
        AccuracyDelta delta = new AccuracyDelta(1_764_669_600_000L, new ConfusionCounts(4, 0, 3, Long.MAX_VALUE));
        byte[] bytes = AccuracyDelta.serde().serializer().serialize("", delta);

        assertThat(bytes).hasSize(40);
        assertThat(AccuracyDelta.serde().deserializer().deserialize("", bytes)).isEqualTo(delta);
        assertThatThrownBy(() -> AccuracyDelta.serde().deserializer().deserialize("", "{\"tp\":4}".getBytes()))
                .hasMessageContaining("40 bytes");
    }

    @Test
    void shouldCountEveryLabelledPredictionInItsWindowWithFarFewerRepartitionRecordsThanPredictions() {
        int sent = 0;
        int forwards = 0; // forwards with something to send: each holds one version in one window here
        for (int window = 0; window < 3; window++) {
            for (int i = 0; i < 200; i++) { // 10 ms apart: 2 s of a window
                scoring.send("w" + window + "/" + i, StreamFixtures.png(i % 32), i % 3 == 0 ? "0" : "1");
                sent++;
                if (i % 50 == 49) {
                    scoring.advanceWallClock(FORWARD);
                    forwards++;
                }
            }
            scoring.send("w" + window + "/unlabelled", StreamFixtures.png(7), null); // no truth: not counted
            scoring.advanceTime(WINDOW);
        }
        scoring.advanceWallClock(FORWARD);

        // the independent count: each label (prediction and header truth) in the window of its record's timestamp
        Map<Instant, ConfusionCounts> expected = new HashMap<>();
        List<TestRecord<String, byte[]>> labels = scoring.labels.readRecordsToList();
        assertThat(labels).hasSize(sent + 3);
        for (TestRecord<String, byte[]> r : labels) {
            Label l = Label.fromJson(r.value());
            if (l.label() != null) {
                expected.merge(windowStart(r.timestamp()), ConfusionCounts.EMPTY.plus(l.isCat(), l.label()), ConfusionCounts::plus);
            }
        }
        assertThat(expected).hasSize(3);
        assertThat(accuracyByWindow()).isEqualTo(expected);

        List<TestRecord<String, byte[]>> deltas = scoring.accuracyDeltas.readRecordsToList();
        assertThat(deltas).as("one delta per version and window per forward, not one per prediction").hasSize(forwards);
        assertThat(forwards).isLessThan(sent / 40);
        for (TestRecord<String, byte[]> d : deltas) {
            AccuracyDelta delta = AccuracyDelta.serde().deserializer().deserialize("", d.value());
            assertThat(d.key()).isEqualTo(ScoringDriver.MODEL_NAME + "@1");
            assertThat(d.timestamp()).as("a delta's timestamp is its window start").isEqualTo(delta.windowStartMillis());
        }
    }

    @Test
    void shouldHoldTheCountsUntilTheNextForward() {
        scoring.send("a", StreamFixtures.png(1), "1");
        scoring.send("b", StreamFixtures.png(2), "0");

        assertThat(scoring.accuracyDeltas.isEmpty()).isTrue();
        assertThat(scoring.accuracy.isEmpty()).isTrue();
        scoring.advanceWallClock(FORWARD);
        assertThat(scoring.accuracyDeltas.readRecordsToList()).hasSize(1);
        assertThat(accuracyByWindow().get(T0).total()).isEqualTo(2);

        scoring.advanceWallClock(FORWARD);
        assertThat(scoring.accuracyDeltas.isEmpty()).as("a forwarded delta is deleted: nothing is sent twice").isTrue();
    }

    @Test
    void shouldCountADeltaUpToOneWindowLateMeasuredAtItsWindowStart() {
        scoring.sendAt("next", StreamFixtures.png(1), "1", T0.plus(WINDOW));
        scoring.advanceWallClock(FORWARD);
        scoring.sendAt("late", StreamFixtures.png(2), "1", T0.plusSeconds(59)); // one window behind: within grace
        scoring.advanceWallClock(FORWARD);
        Label late = scoring.labels.readValuesToList().stream().map(Label::fromJson)
                .filter(l -> l.imageId().equals("late")).findFirst().orElseThrow();
        assertThat(accuracyByWindow()).containsEntry(T0, ConfusionCounts.EMPTY.plus(late.isCat(), true));

        scoring.sendAt("after-next", StreamFixtures.png(3), "1", T0.plus(WINDOW.multipliedBy(2)));
        scoring.advanceWallClock(FORWARD);
        scoring.sendAt("too-late", StreamFixtures.png(4), "1", T0.plusSeconds(30)); // two windows behind: grace is over
        scoring.advanceWallClock(FORWARD);
        assertThat(accuracyByWindow()).doesNotContainKey(T0);
    }
}
