package io.catstream.ops;

import io.catstream.testsupport.EmbeddedBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.demo.DemoImage;
import io.catstream.demo.SyntheticImages;
import io.catstream.send.ImageSender;
import io.catstream.serve.ScoringApp;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.StreamTestKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) scraping a running scorer on the embedded broker every
 * second while labelled images flow: the series are there with their labels, and every series the alert rules and
 * the Grafana dashboard read ({@link MonitoringFiles#referencedSeries()}) is one the scorer really exports, as is
 * every series of {@code monitoring/exported-series.txt}, with its labels.
 */
class PrometheusScrapeIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    @Test
    void shouldFindEverySeriesTheRulesAndDashboardReadInARealPrometheusScrapingTheScorer() throws Exception {
        Path prometheusBinary = ExternalTool.PROMETHEUS.require();
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "prom.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModelWithReference(1));
        // a challenger, so that the shadow-scoring series (issue #13) are exported too
        StreamTestKit.publishChallenger(KAFKA.settings(), topics, StreamTestKit.tinyModel(2));
        Path dir = Files.createTempDirectory("catstream-prometheus-");
        AtomicBoolean flowing = new AtomicBoolean(true);
        Process prometheus = null;
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "prom-scorer", dir.resolve("state")))) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());
            Thread sender = streamImages(topics, flowing);
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: catstream
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(app.httpPort()));
            prometheus = new ProcessBuilder(prometheusBinary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");

            await().atMost(DEADLINE).ignoreExceptions().until(() -> value(query(api, "up{job=\"catstream\"}"), "1") == 1);
            await().atMost(DEADLINE).ignoreExceptions().until(() -> value(query(api, "catstream_images_scored_total"), "1") >= 20);
            await().atMost(DEADLINE).ignoreExceptions().until(() -> value(query(api, "catstream_accuracy"), "1") >= 0);

            Set<String> referenced = new TreeSet<>(MonitoringFiles.ofProject().referencedSeries());
            // the retraining loop's series come from its own port (monitoring/exported-series-retrain.txt), not serve's
            referenced.removeAll(MonitoringFiles.ofProject().retrainSeries().keySet());
            assertThat(referenced).contains("catstream_images_scored_total", "catstream_accuracy");
            Set<String> missing = new TreeSet<>();
            await().atMost(DEADLINE).ignoreExceptions().until(() -> {
                Set<String> names = names(api);
                missing.clear();
                referenced.stream().filter(n -> !names.contains(n)).forEach(missing::add);
                return missing.isEmpty();
            });
            assertThat(missing).as("series the rules and dashboard read but Prometheus never received").isEmpty();
            System.out.printf("Prometheus received all %d series the rules and the dashboard read: %s%n", referenced.size(),
                    referenced);
            for (ExportedSeries series : MonitoringFiles.ofProject().servedSeries().values()) {
                JsonNode samples = query(api, series.name());
                assertThat(samples).as("%s (monitoring/exported-series.txt) in Prometheus", series.name()).isNotEmpty();
                for (JsonNode sample : samples) {
                    for (String label : series.labels()) {
                        assertThat(sample.path("metric").has(label)).as("%s has label %s: %s", series.name(), label, sample)
                                .isTrue();
                    }
                }
            }
            JsonNode scored = query(api, "catstream_images_scored_total");
            assertThat(scored.get(0).path("metric").path("job").asText()).isEqualTo("catstream");
            flowing.set(false);
            sender.join(10_000);
        } finally {
            flowing.set(false);
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(prometheus.isAlive()).isFalse();
    }

    /** Labelled images at ~20 per second until {@code flowing} turns false. */
    private static Thread streamImages(ScoringTopics topics, AtomicBoolean flowing) {
        List<DemoImage> images = SyntheticImages.generate(40, 32, 3);
        Thread t = new Thread(() -> {
            try (ImageSender sender = new ImageSender(KAFKA.settings(), topics.images())) {
                for (int n = 0; flowing.get(); n++) {
                    DemoImage image = images.get(n % images.size());
                    sender.send(image.id() + "#" + n, image.cat(), image.bytes(), e -> { });
                    LockSupport.parkNanos(50_000_000L);
                }
            }
        }, "prometheus-it-sender");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The {@code data.result} of an instant query. */
    private static JsonNode query(URI api, String promQl) {
        JsonNode answer = get(api.resolve("query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)));
        assertThat(answer.path("status").asText()).isEqualTo("success");
        return answer.path("data").path("result");
    }

    /** The value of the sample whose {@code model_version} is {@code version} (or the only sample, for up). */
    private static double value(JsonNode result, String version) {
        for (JsonNode sample : result) {
            JsonNode metric = sample.path("metric");
            if (!metric.has("model_version") || metric.path("model_version").asText().equals(version)) {
                return Double.parseDouble(sample.path("value").get(1).asText());
            }
        }
        return Double.NaN;
    }

    private static Set<String> names(URI api) {
        JsonNode answer = get(api.resolve("label/__name__/values"));
        Set<String> names = new TreeSet<>();
        StreamSupport.stream(answer.path("data").spliterator(), false).forEach(n -> names.add(n.asText()));
        return names;
    }

    private static JsonNode get(URI uri) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
