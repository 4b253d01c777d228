package io.catstream.web;

import io.catstream.stream.StreamTestKit;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {

    private static HttpEndpoints start(boolean webView) {
        return HttpEndpoints.start(0, () -> "catstream_images_received_total 3.0\n", () -> new Health(true, "fine"),
                () -> "{\"model_version\":1}".getBytes(StandardCharsets.UTF_8),
                webView ? () -> "{\"totals\":{}}".getBytes(StandardCharsets.UTF_8) : null);
    }

    @Test
    void shouldServeTheWebViewFromTheJarAndItsStatusJsonBesideTheExistingEndpoints() {
        try (HttpEndpoints http = start(true)) {
            HttpResponse<String> index = StreamTestKit.get(http.port(), "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(index.body()).contains("<script src=\"app.js\"></script>").doesNotContain("https://");
            assertThat(StreamTestKit.get(http.port(), "/app.js").body()).contains("api/status");
            assertThat(StreamTestKit.get(http.port(), "/style.css").statusCode()).isEqualTo(200);
            HttpResponse<String> status = StreamTestKit.get(http.port(), "/api/status");
            assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(status.body()).isEqualTo("{\"totals\":{}}");
            assertThat(StreamTestKit.get(http.port(), "/metrics").body()).startsWith("catstream_images_received_total");
            assertThat(StreamTestKit.get(http.port(), "/health").body()).isEqualTo("ok: fine\n");
            assertThat(StreamTestKit.get(http.port(), "/model").body()).isEqualTo("{\"model_version\":1}");
            assertThat(StreamTestKit.get(http.port(), "/nothing-here").statusCode()).isEqualTo(404);
            assertThat(StreamTestKit.get(http.port(), "/../pom.xml").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldServeNoWebViewWithoutAStatusSupplier() {
        try (HttpEndpoints http = start(false)) {
            assertThat(StreamTestKit.get(http.port(), "/").statusCode()).isEqualTo(404);
            assertThat(StreamTestKit.get(http.port(), "/api/status").statusCode()).isEqualTo(404);
            assertThat(StreamTestKit.get(http.port(), "/health").statusCode()).isEqualTo(200);
        }
    }
}
