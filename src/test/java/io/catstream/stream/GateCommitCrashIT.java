package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.gate.GateSettings;
import io.catstream.kafka.KafkaSettings;
import io.catstream.metrics.GateMetrics;
import io.catstream.registry.Activation;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.RegistryTopic;
import io.catstream.send.TruthSender;
import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scorer JVM holding the gate task is SIGKILLed after the gate forwarded its decision and before the Streams
 * transaction carrying it committed (docs/gate.md, "Exactly once"). The restarted scorer decides again and writes
 * exactly one decision: read_committed readers never see the aborted one, the pointers agree with it, its evidence
 * counts every pair once, and every image has exactly one label.
 *
 * <p>How the transaction is held open with no hook in production code. Kafka Streams 4.4 commits a stream thread's
 * tasks ({@code StreamThread.maybeCommit}) only when {@code commit.interval.ms} has passed since the thread's last
 * commit or when a processor called {@code context.commit()}; besides, at a rebalance and at shutdown. No catstream
 * processor calls {@code commit()} (the gate does not; the truth join's wall-clock punctuation does not commit by
 * itself), and with one instance that is killed there is no rebalance in the window. So the first scorer runs with
 * {@code --commit-interval 10s} and ONE stream thread: the gate's input (pairs re-keyed through the repartition
 * topic, which its read_committed consumer sees only once that same thread committed the truth join's output)
 * arrives just after a commit, and the decision it forwards then waits about 10 s in the open transaction. Under
 * exactly-once Streams sets the producer's {@code transaction.timeout.ms} to 10 s and refuses a commit interval
 * above it ({@code StreamsConfig.verifyEOSTransactionTimeoutCompatibility}); at 10 s each transaction would reach the
 * broker's abort at its commit, so {@code --command-config} raises {@code producer.transaction.timeout.ms} to 30 s. A read_uncommitted consumer on {@code model-weights} sees the
 * decision appear: then SIGKILL at once (that nothing of it was committed is checked after the kill: a dead producer
 * cannot commit). The scorer started again, in this JVM to spare a second JVM's start-up (same application id, state
 * directory and keys, default 25 ms commit interval), fences the open transaction, restores {@code gate-state}
 * without the aborted update and replays the pairs.
 *
 * <p>The rollback watch's decision goes out through the same {@code write} and sink in the same transaction, so this
 * test covers its forward-to-commit window too; a run of its own would need a promotion with a reference accuracy
 * and then a drop (three scorer starts, over two minutes) to exercise the same lines.
 */
class GateCommitCrashIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final String NAME = StreamTestKit.MODEL;
    private static final String DECISION = NAME + "@decision-2";
    private static final String APPLICATION = "gcommit-scorer";
    private static final GateSettings SETTINGS = GateSettings.DEFAULTS.withLabelledRange(20, GateSettings.DEFAULTS.maxLabelled());
    /** How long the first scorer keeps a transaction open: the window in which it is killed. */
    private static final String HOLDING_COMMIT_INTERVAL = "10s";
    private static final int HOLDING_TRANSACTION_TIMEOUT_MS = 30_000;
    private static final int IMAGES = 40;
    /** Challenger wins at which w·ln(1.1) first reaches ln(20): the decision's count, once and only once. */
    private static final long WINS_AT_DECISION = 32;

    @Test
    void shouldWriteOneDecisionWhenKilledBetweenTheDecisionsForwardAndItsCommit() throws Exception {
        KafkaSettings settings = KAFKA.settings();
        ScoringTopics topics = StreamTestKit.createTopics(settings, "gcommit.");
        Path work = Path.of("target", "gate-commit-crash-it");
        GateTrialFixtures.ScorerKeys keys = GateTrialFixtures.scorerKeys(work);
        StreamTestKit.send(settings, GateTrialFixtures.trial(topics, keys.trainer(), Instant.now()));
        List<String> args = new ArrayList<>(ScorerProcess.crashTestArgs(KAFKA.bootstrapServers(), "gcommit.", APPLICATION, work));
        args.addAll(keys.serveArgs());
        args.addAll(List.of("--gate-min-labelled", Long.toString(SETTINGS.minLabelled())));
        List<String> holding = holdingTransactions(args, work);

        ScorerProcess scorer = ScorerProcess.start("256m", work.resolve("scorer-0.log"), holding).awaitHealthy(Duration.ofSeconds(90));
        ScoringApp restarted = null;
        try (KafkaConsumer<String, byte[]> uncommitted = readUncommitted(settings, topics.modelWeights())) {
            List<String> ids = new ArrayList<>();
            List<ProducerRecord<String, byte[]>> images = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                ids.add("k-" + i);
                images.add(new ProducerRecord<>(topics.images(), "k-" + i, StreamFixtures.png(2000 + i)));
            }
            StreamTestKit.send(settings, images);
            // the truth makes every image a win for the challenger (p₂ = 1 − p₁: they disagree on all)
            List<ProducerRecord<String, byte[]>> truth = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : StreamTestKit.readCommitted(settings, topics.shadowPredictions(), IMAGES)) {
                ShadowScore s = ShadowScore.parse(r.value());
                truth.add(new ProducerRecord<>(topics.truth(), r.key(), TruthSender.value(s.challengerProbability() >= 0.5,
                        "test", Instant.now())));
            }
            StreamTestKit.send(settings, truth);

            // the decision forwarded, its transaction open: visible to read_uncommitted only
            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            ScorerProcess holder = scorer;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(holder.isAlive()).as("the holding scorer is alive; log %s", holder.log()).isTrue();
                uncommitted.poll(Duration.ofMillis(100)).forEach(seen::add);
                return seen.stream().anyMatch(r -> r.key().equals(DECISION));
            });
            scorer.kill();
            ConsumerRecord<String, byte[]> forwarded = seen.stream().filter(r -> r.key().equals(DECISION)).findFirst().orElseThrow();
            assertThat(committedKeys(settings, topics)).as("nothing of the decision committed before the kill")
                    .noneMatch(k -> k.equals(DECISION));
            System.out.printf("gate commit crash: killed with %s forwarded at offset %d, uncommitted%n", DECISION, forwarded.offset());

            restarted = ScoringApp.start(StreamTestKit.config(settings, topics, APPLICATION, work.resolve("state")).toBuilder()
                    .verifyKey(keys.trainer().publicKey()).gate(new GateConfig(SETTINGS, Guardrails.DEFAULTS, keys.controller()))
                    .build());
            ModelRecordValidator validator = new ModelRecordValidator(keys.trainer().publicKey(), List.of(keys.controller().publicKey()));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> registry(settings, topics, validator).latestDecision(NAME, 2).isPresent());

            // read_committed: one decision and the pointers it implies; the aborted records never appear
            List<ConsumerRecord<String, byte[]>> committed = StreamTestKit.readCommitted(settings, topics.modelWeights(), 7);
            System.out.printf("gate commit crash: model-weights (read_committed) holds %s%n",
                    committed.stream().map(r -> r.key() + "@" + r.offset()).toList());
            assertThat(committed).extracting(ConsumerRecord::key).filteredOn(k -> k.contains("@decision-")).containsExactly(DECISION);
            assertThat(committed).extracting(ConsumerRecord::key).containsExactly(NAME + "@1", NAME + "@active", NAME + "@2",
                    NAME + "@challenger", DECISION, NAME + "@active", NAME + "@challenger");
            assertThat(committed).extracting(ConsumerRecord::offset).doesNotContain(forwarded.offset());
            // read_uncommitted: the aborted decision at its offset, then the committed one after it
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                uncommitted.poll(Duration.ofMillis(100)).forEach(seen::add);
                return seen.stream().filter(r -> r.key().equals(DECISION)).count() >= 2;
            });
            assertThat(seen).filteredOn(r -> r.key().equals(DECISION)).extracting(ConsumerRecord::offset)
                    .containsExactly(forwarded.offset(), committed.get(4).offset());

            // the registry's view: the decided roles, one signed automatic decision, every pair counted once
            ModelRegistry view = registry(settings, topics, validator);
            assertThat(view.activation(NAME)).map(Activation::version).contains(2);
            assertThat(view.activation(NAME)).map(Activation::previousVersion).contains(1);
            assertThat(view.challenger(NAME)).isEmpty();
            assertThat(view.decisions(NAME)).hasSize(1);
            GateDecision decision = view.decisions(NAME).get(0);
            assertThat(decision.outcome()).isEqualTo(GateDecision.Outcome.PROMOTE);
            assertThat(decision.automatic()).isTrue();
            assertThat(decision.keyId()).isEqualTo(keys.controller().keyId());
            assertThat(decision.evidence().counts().challengerOnly()).as("every pair counted once across the kill")
                    .isEqualTo(WINS_AT_DECISION);
            assertThat(decision.evidence().counts().championOnly()).isZero();
            assertThat(promotionsCounted(restarted)).as("the restarted scorer decided once").isEqualTo(1.0);

            // every image exactly one label, from the champion of its moment (version 1: all were scored before)
            ExactlyOnceAudit.Outcomes outcomes = ExactlyOnceAudit.read(settings, topics, ids, Duration.ofSeconds(60));
            assertThat(outcomes.missing(ids)).as(outcomes.summary(ids)).isEmpty();
            assertThat(outcomes.duplicates()).as(outcomes.summary(ids)).isEmpty();
            assertThat(outcomes.deadLetters()).isEmpty();
            assertThat(StreamTestKit.labels(outcomes.labels())).extracting(Label::modelVersion).containsOnly(1);
        } finally {
            scorer.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    /**
     * {@code args} with one stream thread, a 10 s commit interval and a transaction timeout above it (added to the
     * {@code --command-config} file the crash-test arguments name), so a forwarded decision waits in an open
     * transaction.
     */
    private static List<String> holdingTransactions(List<String> args, Path work) throws java.io.IOException {
        Path base = Path.of(args.get(args.indexOf("--command-config") + 1));
        Path config = Files.writeString(work.resolve("scorer-client-holding.properties"), Files.readString(base)
                + "producer.transaction.timeout.ms=" + HOLDING_TRANSACTION_TIMEOUT_MS + "\n");
        List<String> holding = new ArrayList<>(args);
        holding.set(holding.indexOf("--command-config") + 1, config.toString());
        holding.set(holding.indexOf("--stream-threads") + 1, "1");
        holding.addAll(List.of("--commit-interval", HOLDING_COMMIT_INTERVAL));
        return holding;
    }

    /** Every partition of {@code topic} from the beginning, with read_uncommitted: open and aborted records too. */
    private static KafkaConsumer<String, byte[]> readUncommitted(KafkaSettings settings, String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The keys on {@code model-weights} a read_committed reader sees now (up to the last stable offset). */
    private static List<String> committedKeys(KafkaSettings settings, ScoringTopics topics) {
        List<String> keys = new ArrayList<>();
        RegistryTopic.readToEnd(settings, topics.modelWeights(), Duration.ofSeconds(10), r -> keys.add(r.key()));
        return keys;
    }

    private static double promotionsCounted(ScoringApp app) {
        var c = app.context().metrics().registry().find(GateMetrics.DECISIONS).tag("outcome", "promote").counter();
        return c == null ? 0 : c.count();
    }

    private static ModelRegistry registry(KafkaSettings settings, ScoringTopics topics, ModelRecordValidator validator) {
        return RegistryTopic.load(settings, topics.modelWeights(), validator, null, Duration.ofSeconds(10));
    }
}
