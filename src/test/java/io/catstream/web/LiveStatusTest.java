package io.catstream.web;

import io.catstream.stream.Label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.metrics.ConfusionCounts;
import io.catstream.metrics.ScoringMetrics;
import io.catstream.metrics.TruthMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LiveStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static Thumbnail grey(int size) {
        double[] features = new double[3 * size * size];
        Arrays.fill(features, 128 / 255.0);
        return Thumbnail.fromFeatures(features, size, RecentScores.THUMBNAIL_SIDE);
    }

    @Test
    void shouldWriteTotalsAccuracyPerVersionTimelineAndRecentImagesAsJson() throws Exception {
        StatusTimeline timeline = new StatusTimeline();
        timeline.add(StatusTimeline.point(T0, 10, 10, 0, Map.of(1, new ConfusionCounts(4, 1, 4, 1))));
        timeline.add(StatusTimeline.point(T0.plusSeconds(2), 50, 48, 2,
                Map.of(1, new ConfusionCounts(20, 5, 20, 5), 2, ConfusionCounts.EMPTY)));
        Label label = new Label("cats/1.jpg", true, 0.93, "catstream", 2, true, T0.plusSeconds(2));
        JsonNode model = JSON.readTree("{\"model_name\":\"catstream\",\"model_version\":2}");
        LiveStatus status = new LiveStatus(T0.plusSeconds(2), new Health(true, "streams RUNNING, scoring with catstream@2"),
                model, Map.of("data", "synthetic"), timeline.points().get(1), timeline.scoredPerSecond(Duration.ofSeconds(5)),
                timeline.points(), List.of(new RecentScore(label, grey(128))));

        JsonNode json = JSON.readTree(status.toJson());

        assertThat(json.path("health").path("healthy").asBoolean()).isTrue();
        assertThat(json.path("model").path("model_version").asInt()).isEqualTo(2);
        assertThat(json.path("about").path("data").asText()).isEqualTo("synthetic");
        assertThat(json.path("totals").path("received").asLong()).isEqualTo(50);
        assertThat(json.path("totals").path("scored").asLong()).isEqualTo(48);
        assertThat(json.path("totals").path("dead_lettered").asLong()).isEqualTo(2);
        assertThat(json.path("scored_per_second").asDouble()).isEqualTo(19.0);
        assertThat(json.path("versions")).hasSize(2);
        assertThat(json.path("versions").get(0).path("model_version").asInt()).isEqualTo(1);
        assertThat(json.path("versions").get(0).path("accuracy").asDouble()).isEqualTo(0.8);
        assertThat(json.path("versions").get(0).path("labelled").asLong()).isEqualTo(50);
        assertThat(json.path("versions").get(1).path("accuracy").isNull()).as("nothing labelled yet").isTrue();
        assertThat(json.path("timeline")).hasSize(2);
        assertThat(json.path("timeline").get(0).path("t").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(json.path("timeline").get(1).path("accuracy").path("1").asDouble()).isEqualTo(0.8);
        JsonNode recent = json.path("recent").get(0);
        assertThat(recent.path("image_id").asText()).isEqualTo("cats/1.jpg");
        assertThat(recent.path("is_cat").asBoolean()).isTrue();
        assertThat(recent.path("probability").asDouble()).isEqualTo(0.93);
        assertThat(recent.path("correct").asBoolean()).isTrue();
        assertThat(recent.path("model_version").asInt()).isEqualTo(2);
        String uri = recent.path("thumbnail").asText();
        assertThat(uri).startsWith("data:image/png;base64,");
        var png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))));
        assertThat(png.getWidth()).isEqualTo(64);
        assertThat(png.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0x808080);
    }

    @Test
    void shouldWriteNullModelAndNullTruthForAnUnlabelledImageBeforeAnyModel() throws Exception {
        Label unlabelled = new Label("x.png", false, 0.2, "catstream", 1, null, T0);
        StatusTimeline.Point now = StatusTimeline.point(T0, 0, 0, 0, Map.of());
        LiveStatus status = new LiveStatus(T0, new Health(false, "no version of model 'catstream' is active"), null, Map.of(),
                now, 0, List.of(), List.of(new RecentScore(unlabelled, grey(8))));

        JsonNode json = JSON.readTree(status.toJson());

        assertThat(json.path("model").isNull()).isTrue();
        assertThat(json.path("health").path("healthy").asBoolean()).isFalse();
        assertThat(json.path("recent").get(0).path("label").isNull()).isTrue();
        assertThat(json.path("recent").get(0).path("correct").isNull()).isTrue();
        assertThat(json.path("versions")).isEmpty();
    }

    @Test
    void shouldShowAccuracyFromLateTruthLabelDelayAndCoveragePerVersion() throws Exception {
        ScoringMetrics metrics = new ScoringMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "catstream",
                Clock.systemUTC());
        TruthMetrics truth = new TruthMetrics(metrics, Duration.ofHours(1), List.of("bad-value"), Clock.systemUTC());
        LiveView view = new LiveView(0, metrics, () -> null, () -> new Health(true, "ok"), Clock.systemUTC());
        view.showTruth(truth);
        long[] delaySeconds = {2, 3, 4, 6, 7, 8, 12, 15, 18, 25};
        for (int i = 0; i < 16; i++) {
            truth.predicted(1); // 16 images scored by v1
        }
        for (int i = 0; i < delaySeconds.length; i++) {
            boolean correct = i < 7; // 7 of the 10 that got truth were right
            truth.matched(1, true, correct, delaySeconds[i] * 1000);
        }
        truth.unmatched(TruthMetrics.UNKNOWN);

        JsonNode json = JSON.readTree(view.statusJson());

        assertThat(json.path("versions").get(0).path("accuracy").asDouble()).as("7 right of 10 with truth").isEqualTo(0.7);
        assertThat(json.path("versions").get(0).path("labelled").asLong()).isEqualTo(10);
        JsonNode t = json.path("truth");
        assertThat(t.path("window_seconds").asLong()).isEqualTo(3600);
        assertThat(t.path("matched").asLong()).isEqualTo(10);
        assertThat(t.path("unmatched").path("unknown").asLong()).isEqualTo(1);
        assertThat(t.path("unmatched").path("late").asLong()).isZero();
        assertThat(t.path("versions").get(0).path("model_version").asInt()).isEqualTo(1);
        assertThat(t.path("versions").get(0).path("matched").asLong()).isEqualTo(10);
        assertThat(t.path("versions").get(0).path("coverage").asDouble()).as("10 of 16 scored").isEqualTo(0.625);
        JsonNode delay = t.path("delay");
        assertThat(delay.path("count").asLong()).isEqualTo(10);
        assertThat(delay.path("mean_seconds").asDouble()).as("100 s / 10").isCloseTo(10.0, within(1e-9));
        // buckets (s) 1, 5, 10, 30 hold 0, 3, 6, 10 of the delays (cumulative), interpolated as histogram_quantile:
        // p50: rank 5 in (5, 10] -> 5 + 5 * (5 - 3) / (6 - 3); p95: rank 9.5 in (10, 30] -> 10 + 20 * (9.5 - 6) / (10 - 6)
        assertThat(delay.path("p50_seconds").asDouble()).isCloseTo(5 + 5 * 2 / 3.0, within(1e-9));
        assertThat(delay.path("p95_seconds").asDouble()).isCloseTo(27.5, within(1e-9));
    }

    @Test
    void shouldShowNoDelayBeforeAnyTruth() throws Exception {
        ScoringMetrics metrics = new ScoringMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "catstream",
                Clock.systemUTC());
        TruthMetrics truth = new TruthMetrics(metrics, Duration.ofMinutes(10), List.of(), Clock.systemUTC());
        truth.predicted(3);
        LiveView view = new LiveView(0, metrics, () -> null, () -> new Health(true, "ok"), Clock.systemUTC());
        view.showTruth(truth);

        JsonNode t = JSON.readTree(view.statusJson()).path("truth");

        assertThat(t.path("matched").asLong()).isZero();
        assertThat(t.path("delay").path("p50_seconds").isNull()).isTrue();
        assertThat(t.path("versions").get(0).path("model_version").asInt()).isEqualTo(3);
        assertThat(t.path("versions").get(0).path("coverage").asDouble()).as("none of 1 scored").isZero();
    }
}
