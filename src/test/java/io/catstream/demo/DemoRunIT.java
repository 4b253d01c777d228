package io.catstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.Topics;
import io.catstream.registry.GateDecision;
import io.catstream.stream.Label;
import io.catstream.stream.StreamTestKit;
import io.catstream.send.TruthSource;
import io.catstream.stream.LabelledPrediction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end on synthetic images, shortened: v1 (the article's network), the stream, truth 2–20 s later on
 * image-truth joined into labelled-predictions (read from the demo's broker), v2 (a convolutional network) published as
 * the challenger and promoted by the scorer's gate, v3 (v2 mirrored) rejected, then forced in by a person and rolled
 * back automatically, every decision signed, every image one label; and the old in-band truth.
 */
class DemoRunIT {

    private static DemoConfig shortRun() {
        // 60 s: on a loaded machine streaming starts ~20 s in, and v2's 3 epochs took more than 20 s after that
        return DemoConfig.defaults(null, null).withDuration(Duration.ofSeconds(60)).withHttpPort(0).withTraining(50, 3)
                .withTiming(30, Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    /** The whole story, ended as soon as it is told (the duration is only the limit on a very slow machine). */
    private static DemoConfig storyRun() {
        return shortRun().withDuration(Duration.ofSeconds(170));
    }

    @Test
    void shouldPromoteV2RejectV3AndRollBackTheForcedV3WithSignedDecisionsWhileTheTruthArrivesLater() throws Exception {
        StringWriter console = new StringWriter();
        DemoRun run = new DemoRun(storyRun(), new PrintWriter(console, true));
        AtomicReference<List<Label>> labels = new AtomicReference<>();
        // every label on image-labels, read while the demo's broker still runs, after the scorer caught up
        run.beforeClose(r -> labels.set(StreamTestKit.labels(StreamTestKit.readCommitted(
                KafkaSettings.of(bootstrap(console.toString())), Topics.IMAGE_LABELS, (int) r.scored()))));
        CompletableFuture<DemoRun.Result> running = runAsync(run);
        await().atMost(Duration.ofSeconds(60)).until(() -> console.toString().contains("6. streaming"));

        // read from the demo's own broker while it runs, to its end, which comes once the story is told
        List<LabelledPrediction> joined = readLabelledPredictions(console.toString(), Integer.MAX_VALUE, running, () -> {
            if (run.storyComplete()) {
                run.requestEnd();
            }
        });

        DemoRun.Result result = running.join();
        String out = console.toString();
        System.out.printf("demo story: %s%n", out);
        assertThat(result.storyComplete()).as(out).isTrue();
        assertThat(result.stoppedEarly()).isFalse();

        // the decisions, in the order the console showed them
        String controllerKey = matching(out, "signs its decisions with the controller key ([0-9a-f]+)");
        String trainerKey = matching(out, "models signed by the trainer key ([0-9a-f]+)");
        // the watch-ended records (a champion's rollback watch over without a rollback) come when truth does: apart
        List<GateDecision> decisions = result.decisions().stream()
                .filter(d -> d.outcome() != GateDecision.Outcome.WATCH_ENDED).toList();
        assertThat(decisions).as(out).extracting(d -> d.outcome() + " " + d.championVersion() + "->" + d.challengerVersion())
                .containsExactly("PROMOTE 1->2", "REJECT 2->3", "PROMOTE 2->3", "ROLLBACK 2->3");
        assertThat(result.decisions()).filteredOn(d -> d.outcome() == GateDecision.Outcome.WATCH_ENDED).allSatisfy(d -> {
            assertThat(d.automatic()).isTrue();
            assertThat(d.keyId()).isEqualTo(controllerKey);
            assertThat(d.challengerVersion()).as("v3's watch ended in its rollback, not in this record").isEqualTo(2);
        });
        GateDecision promoted = decisions.get(0);
        GateDecision rejected = decisions.get(1);
        GateDecision forced = decisions.get(2);
        GateDecision rolledBack = decisions.get(3);
        for (GateDecision automatic : List.of(promoted, rejected, rolledBack)) {
            assertThat(automatic.automatic()).as("%s", automatic).isTrue();
            assertThat(automatic.keyId()).as("signed by the scorer's controller key: %s", automatic).isEqualTo(controllerKey);
        }
        assertThat(forced.automatic()).as("a person's promotion").isFalse();
        assertThat(forced.keyId()).isEqualTo(trainerKey);
        assertThat(forced.evidence()).isNull();
        for (GateDecision byTheTest : List.of(promoted, rejected)) {
            GateDecision.Evidence e = byTheTest.evidence();
            long w = e.counts().challengerOnly();
            long l = e.counts().championOnly();
            assertThat(e.counts().labelled()).as("%s", byTheTest).isGreaterThanOrEqualTo(DemoConfig.DEFAULT_GATE_MIN_LABELLED);
            // Λ = w·ln(2·p₁) + l·ln(2·(1 − p₁)) with p₁ = 0.55, computed here
            assertThat(e.statistic()).isCloseTo(w * Math.log(1.1) + l * Math.log(0.9), offset(1e-9));
            assertThat(e.promoteAt()).isCloseTo(Math.log(20), offset(1e-12));
            assertThat(e.rejectAt()).isCloseTo(Math.log(0.2), offset(1e-12));
        }
        assertThat(promoted.evidence().statistic()).isGreaterThanOrEqualTo(Math.log(20));
        assertThat(rejected.evidence().statistic()).isLessThanOrEqualTo(Math.log(0.2));
        assertThat(rejected.evidence().counts().challengerOnly()).as("v3 = 1 - p of v2: loses where they disagree")
                .isLessThan(rejected.evidence().counts().championOnly());
        assertThat(rolledBack.reason()).startsWith("automatic rollback");
        assertThat(result.activeVersion()).as("rolled back to v2").isEqualTo(2);
        assertThat(result.activeArchitecture().layerTokens()).isEqualTo(DemoConfig.V2_LAYERS);

        // every image exactly one label, from the champion of its moment
        assertThat(result.failed()).isZero();
        assertThat(result.deadLettered()).isZero();
        assertThat(result.scored() + result.deadLettered()).as("every image sent is accounted for at the end")
                .isEqualTo(result.sent());
        assertThat(labels.get()).as("labels on image-labels").hasSize((int) result.scored())
                .extracting(Label::imageId).doesNotHaveDuplicates();
        assertThat(labels.get()).extracting(Label::modelVersion).containsOnly(1, 2, 3).contains(1, 2, 3);

        // the late truth
        assertThat(joined).as(out).hasSizeGreaterThanOrEqualTo(20);
        for (LabelledPrediction p : joined) {
            assertThat(p.truthSource()).as("no label header: all truth came on image-truth").isEqualTo(DemoTruth.SOURCE);
            assertThat(p.delayMillis()).as("%s: truth at most 20 s after the image was sent", p.imageId()).isLessThan(25_000L);
            assertThat(TruthSource.chosen(p.imageId(), DemoTruth.FRACTION)).as("truth only for the ~60 %% chosen").isTrue();
        }
        assertThat(joined).as("v2's pairs beside v1's labels: the gate's evidence")
                .anySatisfy(p -> assertThat(p.challengerVersion()).isEqualTo(2));
        assertThat(result.truthMatched()).isPositive().isLessThan(result.scored());
        assertThat(result.truthSent()).isGreaterThanOrEqualTo(result.truthMatched());

        assertThat(out).contains("synthetic")
                .containsPattern("6\\. streaming \\d+ images \\(\\d+ cats\\) round and round at 30 images/s without their label; "
                        + "the truth for ~60 % of them follows on image-truth 2–20 s later")
                .contains("decides from 100 labelled pairs: the demo's setting")
                .contains("7. model v2: a convolutional network (" + DemoConfig.V2_LAYERS + ")")
                .containsPattern("v2 trained in [\\d.]+ s \\(kept epoch \\d of 3, validation accuracy [\\d.]+ %.*the challenger of v1")
                .containsPattern("gate v2 vs v1: [\\d,]+ labelled pairs \\(decides from 100\\), discordant v2 [\\d,]+ · v1 [\\d,]+, "
                        + "Λ -?[\\d.]+ \\(promote ≥ 3.00, reject ≤ -1.61\\)")
                .contains("==> decision catstream@decision-2: promote v2 over v1, automatic, signed by key " + controllerKey)
                .contains("==> live swap: the scorer now uses v2 (was v1)")
                .contains("8. model v3: deliberately bad")
                .contains("==> decision catstream@decision-3: reject v3 (v2 stays), automatic")
                .contains("9. a person overrides the gate")
                .contains("==> decision catstream@decision-3: promote v3 over v2, by a person, signed by key " + trainerKey)
                .contains("==> live swap: the scorer now uses v3 (was v2)")
                .contains("==> decision catstream@decision-3-rollback: roll back v3 to v2, automatic")
                .contains("==> live swap: the scorer now uses v2 (was v3)")
                .contains("the story is complete")
                .containsPattern("accuracy from truth v1 [\\d.]+ % of [\\d,]+.* · estimated v1 [\\d.]+ %.* · truth [\\d,]+ joined, "
                        + "delay p50 [\\d.]+ s p95 [\\d.]+ s, coverage v1 \\d+ %")
                .containsPattern("truth: [\\d,]+ records sent, [\\d,]+ predictions joined with their truth");
        assertThat(brokerStillListening(out)).as("the broker is closed").isFalse();
    }

    @Test
    void shouldJoinHeaderTruthAtOnceInBandThenStopEarlyAndCloseEverythingWhenAskedTo() throws Exception {
        StringWriter console = new StringWriter();
        DemoRun run = new DemoRun(shortRun().withDuration(Duration.ofSeconds(120)).withTruth(DemoConfig.TruthDelivery.IN_BAND),
                new PrintWriter(console, true));
        CompletableFuture<DemoRun.Result> running = runAsync(run);
        await().atMost(Duration.ofSeconds(60)).until(() -> console.toString().contains("6. streaming"));
        assertThat(console.toString()).contains("labelled images").contains("the truth in each image's label header");

        List<LabelledPrediction> joined = readLabelledPredictions(console.toString(), 10, running, () -> { });
        run.requestStop();

        assertThat(joined).hasSizeGreaterThanOrEqualTo(10);
        assertThat(joined).allSatisfy(p -> {
            assertThat(p.truthSource()).isEqualTo("header");
            assertThat(p.delayMillis()).isZero();
        });

        assertThat(run.awaitFinished(Duration.ofSeconds(60))).isTrue();
        DemoRun.Result result = running.join();
        assertThat(result.stoppedEarly()).isTrue();
        assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(90));
        assertThat(console.toString()).contains("stopped after");
        assertThat(brokerStillListening(console.toString())).isFalse();
    }

    private static CompletableFuture<DemoRun.Result> runAsync(DemoRun run) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return run.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Committed labelled-predictions records on the demo's broker, until {@code atLeast} or the demo's end. */
    private static List<LabelledPrediction> readLabelledPredictions(String console, int atLeast, CompletableFuture<?> running,
                                                                    Runnable eachPoll) {
        List<LabelledPrediction> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(console),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.LABELLED_PREDICTIONS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (out.size() < atLeast && !running.isDone()) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add(LabelledPrediction.fromJson(r.value())));
                eachPoll.run();
            }
        }
        return out;
    }

    private static String bootstrap(String console) {
        return matching(console, "broker on (127\\.0\\.0\\.1:\\d+)");
    }

    private static String matching(String console, String regex) {
        Matcher m = Pattern.compile(regex).matcher(console);
        assertThat(m.find()).as("%s in%n%s", regex, console).isTrue();
        return m.group(1);
    }

    private static boolean brokerStillListening(String console) {
        Matcher m = Pattern.compile("broker on 127\\.0\\.0\\.1:(\\d+)").matcher(console);
        assertThat(m.find()).isTrue();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
