package io.catstream.web;

import io.catstream.send.ImageSender;
import io.catstream.send.TruthSender;
import io.catstream.send.TruthSource;
import io.catstream.serve.ScoringApp;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.StreamTestKit;
import io.catstream.testsupport.EmbeddedBroker;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.demo.DemoImage;
import io.catstream.demo.SyntheticImages;
import io.catstream.testsupport.HeadlessChromium;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live web view as a browser renders it: a real broker and scorer, labelled images, headless Chromium loading
 * {@code /} and running its JavaScript; then a new model version published, and the page loaded again.
 */
class WebViewIT {

    private static final Duration PAGE_TIME = Duration.ofSeconds(5);

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static void send(ScoringTopics topics, List<DemoImage> images, boolean labelHeader) {
        try (ImageSender sender = new ImageSender(KAFKA.settings(), topics.images())) {
            images.forEach(i -> sender.send(i.id(), labelHeader ? i.cat() : null, i.bytes(), e -> {
                throw new IllegalStateException(e);
            }));
        }
    }

    /** Truth for {@code images} on the truth topic, after they were scored (truth that arrives later). */
    private static void sendTruth(ScoringTopics topics, List<DemoImage> images) {
        try (TruthSender sender = new TruthSender(KAFKA.settings(), topics.truth(), "web-test", Clock.systemUTC())) {
            sender.send(images.stream().map(i -> new TruthSource(i.id(), i.cat())).toList(), 0, Duration.ZERO);
        }
    }

    @Test
    void shouldShowTheActiveVersionAndScoredImagesAndFollowALiveSwapInTheBrowser() {
        HeadlessChromium chromium = HeadlessChromium.require();
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "web.");
        StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1));
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "web-scorer", StreamTestKit.tempDir("web")))) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());
            List<DemoImage> images = SyntheticImages.generate(30, 32, 7);
            send(topics, images.subList(0, 20), true);
            await().atMost(DEADLINE).until(() -> app.context().metrics().scoredTotal() == 20);
            URI page = URI.create("http://127.0.0.1:" + app.httpPort() + "/");

            String before = chromium.dumpDom(page, PAGE_TIME);

            assertThat(text(before, "active-version")).isEqualTo("v1");
            assertThat(attribute(before, "scored", "data-count")).isEqualTo("20");
            assertThat(count(before, "<div class=\"thumb[^\"]*\" data-version=\"1\"")).isEqualTo(20);
            assertThat(before).contains("<img src=\"data:image/png;base64,");
            assertThat(before).containsPattern("<tr class=\"version\" data-version=\"1\">");
            assertThat(before).contains("healthy: streams RUNNING");
            // issue #17: the estimated accuracy beside the accuracy from truth; v1 has no reference, so no PSI
            String estimated = "<td class=\"num estimated\">\\d+\\.\\d %</td><td class=\"num truth\">\\d+\\.\\d %</td>";
            assertThat(before).containsPattern("<tr class=\"drift-version\" data-version=\"1\"><td>v1</td>" + estimated
                    + "<td class=\"num\">–</td><td class=\"num psi\">–</td>");

            StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModelWithReference(2));
            await().atMost(DEADLINE).until(() -> app.context().active().current().version() == 2);
            // v2's images without the label header; truth for 7 of the 10 comes later on the truth topic
            send(topics, images.subList(20, 30), false);
            await().atMost(DEADLINE).until(() -> app.context().metrics().scoredTotal() == 30);
            sendTruth(topics, images.subList(20, 27));
            await().atMost(DEADLINE).until(() -> app.context().truthMetrics().matchedTotal() == 27);

            String after = chromium.dumpDom(page, PAGE_TIME);

            assertThat(text(after, "active-version")).isEqualTo("v2");
            assertThat(attribute(after, "scored", "data-count")).isEqualTo("30");
            assertThat(count(after, "<div class=\"thumb[^\"]*\" data-version=\"2\"")).isEqualTo(10);
            assertThat(count(after, "<div class=\"thumb[^\"]*\" data-version=\"1\"")).as("24 kept, newest first").isEqualTo(14);
            assertThat(after).containsPattern("<tr class=\"version\" data-version=\"2\">");
            assertThat(after).containsPattern("<path [^>]*class=\"series\" data-version=\"1\"");
            assertThat(after).containsPattern("<tr class=\"drift-version\" data-version=\"2\"><td>v2</td>" + estimated
                    + "<td class=\"num\">\\d+\\.\\d %</td><td class=\"num psi[^\"]*\">\\d+\\.\\d{3}</td>");
            // issue #12: accuracy from the late truth, how late it came, and the coverage: 20 of 20 for v1 (header
            // truth), 7 of 10 for v2
            assertThat(attribute(after, "truth-summary", "data-matched")).isEqualTo("27");
            assertThat(text(after, "truth-summary")).containsPattern("^27 predictions got truth · label delay p50 \\d+\\.\\d s, "
                    + "p95 \\d+\\.\\d s, mean \\d+\\.\\d s");
            assertThat(after).contains("<tr class=\"truth-version\" data-version=\"1\"><td>v1</td><td class=\"num truth\">"
                    + percent(app.context().metrics().accuracy(1)) + "</td>");
            assertThat(after).containsPattern("<td class=\"num matched\">20</td><td class=\"num coverage\">100.0 %</td>");
            assertThat(after).containsPattern("<tr class=\"truth-version\" data-version=\"2\"><td>v2</td><td class=\"num truth\">"
                    + percent(app.context().metrics().accuracy(2)) + "</td><td class=\"num estimated\">\\d+\\.\\d %</td>"
                    + "<td class=\"num matched\">7</td><td class=\"num coverage\">70.0 %</td>");
        }
    }

    private static String percent(double accuracy) {
        return String.format(java.util.Locale.ROOT, "%.1f %%", 100 * accuracy);
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #%s in the DOM", id).isTrue();
        return m.group(1);
    }

    private static String attribute(String dom, String id, String attribute) {
        Matcher m = Pattern.compile("<[^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
        assertThat(m.find()).as("element #%s in the DOM", id).isTrue();
        Matcher a = Pattern.compile(attribute + "=\"([^\"]*)\"").matcher(m.group());
        assertThat(a.find()).as("%s of #%s", attribute, id).isTrue();
        return a.group(1);
    }

    private static int count(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
