package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ScoringEngine;
import io.catstream.model.TestModels;
import io.catstream.onnx.OnnxClassifier;
import io.catstream.onnx.OnnxSessions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A convolutional model is scored through an ONNX Runtime session (the default engine), which holds native memory
 * the garbage collector does not see: each swap closes the session of the model it replaces as soon as no image is
 * being scored with it, so the number of open sessions stays at one however many swaps there are, and a stream
 * thread still scoring with the old model is never cut off.
 */
class OnnxSessionSwapTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private final Clock clock = Clock.systemUTC();
    private final ScoringMetrics metrics = new ScoringMetrics(new SimpleMeterRegistry(), "cats", clock);
    private final ActiveModel active = new ActiveModel("cats", ImageLimits.defaults(), ScoringEngine.AUTO, metrics, clock);
    private final Scorer scorer = new Scorer(active, metrics, clock);
    private final byte[] photo = StreamFixtures.jpeg(3);

    @Test
    void shouldKeepOneSessionOpenAcrossFiftySwaps() {
        int before = OnnxSessions.openSessions();
        for (int version = 1; version <= 50; version++) {
            activate(version, TestModels.randomLayered(TestModels.CONV, version).withName("cats"));
            assertThat(active.current().classifier()).isInstanceOf(OnnxClassifier.class);
            Label label = score();
            assertThat(label.modelVersion()).isEqualTo(version);
            assertThat(OnnxSessions.openSessions() - before).as("sessions open after swap %d", version).isEqualTo(1);
        }
        active.close();
        assertThat(OnnxSessions.openSessions()).isEqualTo(before);
    }

    @Test
    void shouldCloseTheOldSessionOnlyAfterTheImageBeingScoredWithItIsDone() {
        int before = OnnxSessions.openSessions();
        activate(1, TestModels.randomLayered(TestModels.CONV, 1).withName("cats"));
        ScoringModel held = active.acquire(); // a stream thread in the middle of an image with v1
        double[] features = held.preprocessor().toFeatures(photo);

        activate(2, TestModels.randomLayered(TestModels.CONV, 2).withName("cats"));
        assertThat(OnnxSessions.openSessions() - before).as("v1 still in use, v2 active").isEqualTo(2);
        double p = held.classifier().probability(features);
        assertThat(p).isBetween(0.0, 1.0);
        active.release(held);

        assertThat(OnnxSessions.openSessions() - before).as("v1 closed after its last image").isEqualTo(1);
        assertThat(held.lease().isReleased()).isTrue();
        assertThat(score().modelVersion()).isEqualTo(2);
        active.close();
        assertThat(OnnxSessions.openSessions()).isEqualTo(before);
    }

    private void activate(int version, ModelArtifact artifact) {
        StreamFixtures.activate(active, version, artifact, T0);
    }

    private Label score() {
        return StreamFixtures.label(scorer, photo, T0);
    }
}
