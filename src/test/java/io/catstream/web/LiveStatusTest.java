package io.catstream.web;

import io.catstream.stream.Label;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.metrics.ConfusionCounts;
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
}
