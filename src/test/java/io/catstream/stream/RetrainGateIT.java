package io.catstream.stream;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.gate.GateSettings;
import io.catstream.kafka.KafkaSettings;
import io.catstream.model.DataLineage;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.Ed25519Keys;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RecordSigner;
import io.catstream.send.ImageSender;
import io.catstream.send.TruthSender;
import io.catstream.send.TruthSource;
import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.DatasetFiles;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.testsupport.SharedData;
import io.catstream.train.ImageFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #14's loop on a real broker, decided by issue #13's gate: a champion serves with its gate on; labelled photos
 * stream in, half of them with their truth in the {@code label} header and half with late truth on
 * {@code image-truth}; {@code catstream retrain --once} trains a model from the stream and publishes it as challenger
 * v2 with its lineage; more photos and their late truth flow; the gate writes its signed decision on v2. Promote or
 * reject is the gate's business (two small unrelated networks): the test asserts that there is exactly one decision,
 * that it names v2, and that v2 carries the SHA-256 of exactly the photos that had truth when it was trained.
 */
class RetrainGateIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final String NAME = StreamTestKit.MODEL;
    private static final String PREFIX = "rt.";
    /** The gate decides at the latest at 60 labelled pairs (rejecting if still undecided): a decision comes quickly. */
    private static final GateSettings SETTINGS = GateSettings.DEFAULTS.withLabelledRange(20, 60);
    private static final int TRAINED_PER_CLASS = 30;
    private static final int LATER_PER_CLASS = 40;
    /** Photos sent after the decision, held out of the next round's training by --backtest and backtested on. */
    private static final int HELD_PER_CLASS = 6;
    private static final Duration LONG = DEADLINE.multipliedBy(2);

    private ScoringApp app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldOfferAModelRetrainedFromTheStreamAsChallengerAndGetTheGatesSignedDecisionOnIt() throws Exception {
        long start = System.nanoTime();
        Path article = SharedData.assumeData("article");
        KafkaSettings settings = KAFKA.settings();
        ScoringTopics topics = StreamTestKit.createTopics(settings, PREFIX);
        Path dir = StreamTestKit.tempDir("retrain-gate");
        Path keys = dir.resolve("keys");
        assertThat(CliRun.of("keys", "generate", "--out", keys.toString(), "--name", "trainer").exitCode()).isZero();
        assertThat(CliRun.of("keys", "generate", "--out", keys.toString(), "--name", "controller").exitCode()).isZero();
        RecordSigner trainer = RecordSigner.of(Ed25519Keys.readPrivate(keys.resolve("trainer.key")));
        RecordSigner controller = RecordSigner.of(Ed25519Keys.readPrivate(keys.resolve("controller.key")));

        // v1, the champion, serving with the gate on
        Instant t0 = Instant.now();
        StreamTestKit.send(settings, List.of(
                ModelRecords.version(topics.modelWeights(), NAME, 1, StreamTestKit.tinyModel(1), t0, trainer),
                ModelRecords.activation(topics.modelWeights(), new Activation(NAME, 1, t0, null, "test", trainer.keyId()), trainer)));
        app = ScoringApp.start(StreamTestKit.config(settings, topics, "retrain-scorer", StreamTestKit.tempDir("retrain-state"))
                .toBuilder().verifyKey(trainer.publicKey()).gate(new GateConfig(SETTINGS, Guardrails.DEFAULTS, controller)).build());
        await().atMost(LONG).until(() -> app.health().healthy());

        // photos with truth: every other one in its label header, the rest later on image-truth
        List<String> cats = DatasetFiles.firstFiles(article.resolve(ImageFolder.CATS), TRAINED_PER_CLASS + LATER_PER_CLASS + HELD_PER_CLASS);
        List<String> others = DatasetFiles.firstFiles(article.resolve(ImageFolder.NON_CATS), TRAINED_PER_CLASS + LATER_PER_CLASS + HELD_PER_CLASS);
        SortedMap<String, byte[]> trained = new TreeMap<>();
        List<ProducerRecord<String, byte[]>> images = new ArrayList<>();
        List<TruthSource> lateTruth = new ArrayList<>();
        for (int i = 0; i < TRAINED_PER_CLASS; i++) {
            for (String id : List.of(ImageFolder.CATS + "/" + cats.get(i), ImageFolder.NON_CATS + "/" + others.get(i))) {
                boolean isCat = id.startsWith(ImageFolder.CATS);
                byte[] bytes = Files.readAllBytes(article.resolve(id));
                trained.put(id, bytes);
                images.add(ImageSender.record(topics.images(), id, i % 2 == 0 ? isCat : null, bytes));
                if (i % 2 != 0) {
                    lateTruth.add(new TruthSource(id, isCat));
                }
            }
        }
        StreamTestKit.send(settings, images);
        sendTruth(settings, topics, lateTruth);
        StreamTestKit.readCommitted(settings, topics.labels(), trained.size()); // scored by v1 alone

        // one round of the loop: v2, trained on those photos, offered as the challenger
        String[] retrain = {"retrain", "--once", "--recipe", "mlp", "--image-size", "8", "--arch", "dense4,dense1",
            "--epochs", "4", "--batch-size", "8", "--lr", "0.01", "--min-examples", "20", "--name", NAME,
            "--out-dir", dir.resolve("models").toString(), "--bootstrap-servers", KAFKA.bootstrapServers(),
            "--topic-prefix", PREFIX, "--sign-key", keys.resolve("trainer.key").toString(),
            "--verify-key", keys.resolve("trainer.pub").toString(), "--controller-key", keys.resolve("controller.pub").toString()};
        CliRun round = CliRun.of(retrain);
        round.out().lines().forEach(l -> System.out.println("retrain-gate-it| " + l)); // the round's own output, for docs
        assertThat(round.exitCode()).as(round.toString()).isZero();
        assertThat(round.out()).contains("retrain round 1: published " + NAME + "@2 as challenger; data set sha256 "
                + DatasetFiles.sha256(trained) + ", " + trained.size() + " images with truth");
        await().atMost(LONG).until(() -> app.context().registry().challenger(NAME).map(Challenger::version).orElse(0) == 2);

        // a second round while v2 is on trial does not replace it
        CliRun whileOnTrial = CliRun.of(retrain);
        assertThat(whileOnTrial.exitCode()).as(whileOnTrial.toString()).isZero();
        assertThat(whileOnTrial.out()).contains("retrain round 1: skipped (challenger-on-trial): " + NAME + "@2 is on trial");

        // more photos, shadow-scored by v2, then their truth: the gate counts the pairs and decides
        List<ProducerRecord<String, byte[]>> later = new ArrayList<>();
        List<TruthSource> laterTruth = new ArrayList<>();
        for (int i = TRAINED_PER_CLASS; i < TRAINED_PER_CLASS + LATER_PER_CLASS; i++) {
            for (String file : List.of(ImageFolder.CATS + "/" + cats.get(i), ImageFolder.NON_CATS + "/" + others.get(i))) {
                String id = "later/" + file;
                later.add(ImageSender.record(topics.images(), id, null, Files.readAllBytes(article.resolve(file))));
                laterTruth.add(new TruthSource(id, file.startsWith(ImageFolder.CATS)));
            }
        }
        StreamTestKit.send(settings, later);
        Set<String> shadowed = StreamTestKit.readCommitted(settings, topics.shadowPredictions(), later.size()).stream()
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        assertThat(shadowed).as("every later photo shadow-scored by v2").containsAll(laterTruth.stream().map(TruthSource::id).toList());
        sendTruth(settings, topics, laterTruth);
        await().atMost(LONG).until(() -> app.context().registry().latestDecision(NAME, 2).isPresent());

        GateDecision decision = app.context().registry().latestDecision(NAME, 2).orElseThrow();
        System.out.printf("retrain-gate-it: decision on v2: %s (%s), evidence %s%n", decision.outcome().code(), decision.reason(),
                decision.evidence() == null ? "none" : decision.evidence().counts());
        assertThat(decision.challengerVersion()).isEqualTo(2);
        assertThat(decision.championVersion()).isEqualTo(1);
        assertThat(decision.outcome()).isIn(GateDecision.Outcome.PROMOTE, GateDecision.Outcome.REJECT);
        assertThat(decision.automatic()).isTrue();
        assertThat(decision.keyId()).as("signed by the gate's controller key").isEqualTo(controller.keyId());
        List<String> decisions = StreamTestKit.readCommitted(settings, topics.modelWeights(), 5).stream()
                .map(ConsumerRecord::key).filter(k -> k.contains("@decision-")).toList();
        assertThat(decisions).containsExactly(NAME + "@decision-2");

        PublishedModel v2 = app.context().registry().version(NAME, 2).orElseThrow();
        DataLineage lineage = v2.artifact().training().source();
        assertThat(v2.keyId()).isEqualTo(trainer.keyId());
        assertThat(lineage.kind()).isEqualTo(DataLineage.KAFKA);
        assertThat(lineage.sha256()).as("the photos that had truth when v2 was trained, hashed here")
                .isEqualTo(DatasetFiles.sha256(trained));
        assertThat(lineage.classes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(trained.size());
        System.out.printf("retrain-gate-it: %.1f s from the broker's first topic to the decision checked%n",
                (System.nanoTime() - start) / 1e9);

        // the next round with --backtest: the photos sent in the last few seconds are held out of its training and the
        // round's model is backtested on them against the champion before it is offered
        Thread.sleep(5_000); // a gap between the photos trained on and the held ones, wider than the margin below
        Instant heldStart = Instant.now();
        List<ProducerRecord<String, byte[]>> held = new ArrayList<>();
        for (int i = TRAINED_PER_CLASS + LATER_PER_CLASS; i < TRAINED_PER_CLASS + LATER_PER_CLASS + HELD_PER_CLASS; i++) {
            for (String file : List.of(ImageFolder.CATS + "/" + cats.get(i), ImageFolder.NON_CATS + "/" + others.get(i))) {
                held.add(ImageSender.record(topics.images(), "held/" + file, file.startsWith(ImageFolder.CATS),
                        Files.readAllBytes(article.resolve(file))));
            }
        }
        StreamTestKit.send(settings, held);
        // the round's "now" minus this lies between the later photos (trained on) and the held ones, with 4 s to spare
        long heldFor = Duration.between(heldStart, Instant.now()).toSeconds() + 4;
        String[] withBacktest = java.util.stream.Stream.concat(java.util.Arrays.stream(retrain),
                java.util.stream.Stream.of("--backtest", heldFor + "s")).toArray(String[]::new);
        CliRun backtested = CliRun.of(withBacktest);
        backtested.out().lines().forEach(l -> System.out.println("retrain-gate-it| " + l));
        assertThat(backtested.exitCode()).as(backtested.toString()).isZero();
        assertThat(backtested.out()).as("the backtest's report, against the champion")
                .contains("rule: worse-clearly when")
                .contains("against the champion " + NAME + "@1")
                .contains(held.size() + " images with truth");
        if (backtested.out().contains("skipped (backtest-worse)")) {
            assertThat(app.context().registry().version(NAME, 3)).as("a worse-clearly model is not offered").isEmpty();
        } else {
            assertThat(backtested.out()).contains("retrain round 1: published " + NAME + "@3 as challenger");
            await().atMost(LONG).until(() -> app.context().registry().version(NAME, 3).isPresent());
            PublishedModel v3 = app.context().registry().version(NAME, 3).orElseThrow();
            assertThat(v3.artifact().backtest()).as("the backtest attached to the published version").isNotNull();
            assertThat(v3.artifact().backtest().images()).isEqualTo(held.size());
            assertThat(v3.artifact().training().source().classes().values().stream().mapToLong(Long::longValue).sum())
                    .as("trained on the photos before the held ones: the first 60 and the later 80")
                    .isEqualTo(trained.size() + later.size());
        }
    }

    private static void sendTruth(KafkaSettings settings, ScoringTopics topics, List<TruthSource> truth) {
        try (TruthSender sender = new TruthSender(settings, topics.truth(), "it", Clock.systemUTC())) {
            assertThat(sender.send(truth, 0, Duration.ZERO).failed()).isZero();
        }
    }
}
