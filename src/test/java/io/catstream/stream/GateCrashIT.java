package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.send.TruthSender;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scorer JVM holding the gate task is SIGKILLed after it counted 20 of the trial's pairs (no verdict yet); a new
 * one restores the gate's store from its changelog, counts the rest and writes the decision exactly once, with
 * evidence that counts every pair once (32 challenger wins: a lost or double count would change it).
 */
class GateCrashIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final String NAME = StreamTestKit.MODEL;

    private static double gatePairs(ScorerProcess scorer) {
        return StreamTestKit.sample(StreamTestKit.get(scorer.httpPort(), "/metrics").body(),
                "catstream_gate_labelled_pairs{model_name=\"" + NAME + "\"}");
    }

    @Test
    void shouldDecideExactlyOnceWhenTheGateInstanceIsKilledMidTrial() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "gcrash.");
        Path work = Path.of("target", "gate-crash-it");
        GateTrialFixtures.ScorerKeys keys = GateTrialFixtures.scorerKeys(work);
        StreamTestKit.send(KAFKA.settings(), GateTrialFixtures.trial(topics, keys.trainer(), Instant.now()));
        List<String> args = new ArrayList<>(ScorerProcess.crashTestArgs(KAFKA.bootstrapServers(), "gcrash.", "gcrash-scorer", work));
        args.addAll(keys.serveArgs());
        args.addAll(List.of("--gate-min-labelled", "20"));

        ScorerProcess scorer = ScorerProcess.start("256m", work.resolve("scorer-0.log"), args).awaitHealthy(Duration.ofSeconds(90));
        try {
            List<ProducerRecord<String, byte[]>> images = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                images.add(new ProducerRecord<>(topics.images(), "k-" + i, StreamFixtures.png(1000 + i)));
            }
            StreamTestKit.send(KAFKA.settings(), images);
            Map<String, ShadowScore> shadows = new TreeMap<>();
            StreamTestKit.readCommitted(KAFKA.settings(), topics.shadowPredictions(), 60)
                    .forEach(r -> shadows.put(r.key(), ShadowScore.parse(r.value())));
            List<ProducerRecord<String, byte[]>> truth = new ArrayList<>();
            shadows.forEach((id, s) -> truth.add(new ProducerRecord<>(topics.truth(), id,
                    TruthSender.value(s.challengerProbability() >= 0.5, "test", Instant.now()))));

            // 20 pairs counted (Λ = 20·ln 1.1 = 1.91 < ln 20): kill, restart, then the rest
            StreamTestKit.send(KAFKA.settings(), truth.subList(0, 20));
            ScorerProcess counting = scorer;
            await().atMost(Duration.ofSeconds(90)).until(() -> gatePairs(counting) >= 20);
            scorer.kill();
            scorer = ScorerProcess.start("256m", work.resolve("scorer-1.log"), args).awaitHealthy(Duration.ofSeconds(120));
            StreamTestKit.send(KAFKA.settings(), truth.subList(20, truth.size()));

            List<ConsumerRecord<String, byte[]>> weights = new ArrayList<>();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                weights.clear();
                weights.addAll(StreamTestKit.readCommitted(KAFKA.settings(), topics.modelWeights(), 4));
                return weights.stream().anyMatch(r -> r.key().equals(NAME + "@decision-2"));
            });
            List<ConsumerRecord<String, byte[]>> decisions = weights.stream()
                    .filter(r -> r.key().contains("@decision-")).toList();
            System.out.printf("gate crash: model-weights holds %s%n", weights.stream().map(ConsumerRecord::key).toList());
            assertThat(decisions).extracting(ConsumerRecord::key).containsExactly(NAME + "@decision-2");
            JsonNode counts = new ObjectMapper().readTree(decisions.get(0).value()).get("evidence").get("counts");
            assertThat(counts.get("challengerOnly").asLong()).as("every pair counted once across the kill").isEqualTo(32);
            assertThat(counts.get("championOnly").asLong()).isZero();
        } finally {
            scorer.close();
        }
    }
}
