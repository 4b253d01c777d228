package io.catstream.registry;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.catstream.gate.GateSettings;
import io.catstream.gate.PairedCounts;
import io.catstream.gate.PromotionGate;
import io.catstream.kafka.KafkaSettings;
import io.catstream.serve.ScoringApp;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.StreamTestKit;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Champion and challenger through the CLI on a real broker while a scorer serves: publish --as challenger, promote,
 * challenge/reject with the controller key, rollback, 'models list' and 'models decisions'; then forged decision
 * records (unsigned, signed by a stranger) and a forged promotion are refused by the running scorer's registry, whose
 * champion does not change; an automatic decision is not carried out while a person has pinned the champion.
 */
class ModelRolesIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final String PREFIX = "roles.";
    private static final String NAME = StreamTestKit.MODEL;

    @TempDir
    Path dir;

    private ScoringApp app;

    @AfterEach
    void close() {
        if (app != null) {
            app.close();
        }
    }

    private CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", PREFIX));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        System.out.println("$ catstream " + String.join(" ", args) + "\n" + run.out() + run.err());
        return run;
    }

    private static CliRun ok(CliRun run) {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return run;
    }

    private int champion() {
        var current = app.context().active().current();
        return current == null ? 0 : current.version();
    }

    private double refused(String reason) {
        var counter = app.context().metrics().registry().find("catstream.models.refused").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void shouldChangeRolesThroughTheCliAndRefuseForgedDecisionsInTheScorer() throws Exception {
        KafkaSettings settings = KAFKA.settings();
        ScoringTopics topics = StreamTestKit.createTopics(settings, PREFIX);
        ok(CliRun.of("keys", "generate", "--out", dir.resolve("trainer").toString()));
        ok(CliRun.of("keys", "generate", "--out", dir.resolve("controller").toString()));
        String trainerKey = dir.resolve("trainer/catstream-signing.key").toString();
        String trainerPub = dir.resolve("trainer/catstream-signing.pub").toString();
        String controllerKey = dir.resolve("controller/catstream-signing.key").toString();
        String controllerPub = dir.resolve("controller/catstream-signing.pub").toString();
        String[] asTrainer = {"--sign-key", trainerKey, "--verify-key", trainerPub, "--name", NAME};
        String[] asController = {"--sign-key", controllerKey, "--verify-key", trainerPub, "--controller-key", controllerPub, "--name", NAME};
        List<Path> models = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
            models.add(Files.write(dir.resolve("v" + v + ".catmodel"), StreamTestKit.tinyModel(v)));
        }

        ok(cli("publish", "--model", models.get(0).toString(), "--sign-key", trainerKey, "--verify-key", trainerPub));
        app = ScoringApp.start(StreamTestKit.config(settings, topics, "roles-scorer", StreamTestKit.tempDir("roles"))
                .withVerifyKey(Ed25519Keys.readPublic(Path.of(trainerPub))));
        await().atMost(DEADLINE).until(() -> app.health().healthy() && champion() == 1);

        // v2 goes on trial; the champion keeps scoring
        CliRun challenger = ok(cli("publish", "--model", models.get(1).toString(), "--as", "challenger",
                "--sign-key", trainerKey, "--verify-key", trainerPub));
        assertThat(challenger.out()).contains("challenger: " + NAME + "@2 against champion " + NAME + "@1");
        CliRun listed = ok(cli("models", "list", "--name", NAME, "--verify-key", trainerPub));
        assertThat(listed.out()).contains(NAME + " (2 versions, active: 1, challenger: 2)")
                .containsPattern("\\*\\s+1\\s+192,4,1").containsPattern("c\\s+2\\s+192,4,1");
        await().atMost(DEADLINE).until(() -> app.context().registry().challenger(NAME).isPresent());
        assertThat(champion()).isEqualTo(1);

        // a person promotes it: decision record, activation, no challenger; the scorer switches
        CliRun promoted = ok(cli(concat(new String[] {"models", "promote"}, asTrainer)));
        assertThat(promoted.out()).contains("decision " + NAME + "@decision-2: promote challenger 2 against champion 1 (manual)")
                .contains("champion: " + NAME + "@2 (was 1)").contains("challenger: none");
        await().atMost(DEADLINE).until(() -> champion() == 2);

        // v3 published aside, challenged and rejected by the controller key
        ok(cli("publish", "--model", models.get(2).toString(), "--no-activate", "--sign-key", trainerKey, "--verify-key", trainerPub));
        ok(cli(concat(new String[] {"models", "challenge", "3"}, asController)));
        CliRun rejected = ok(cli(concat(new String[] {"models", "reject", "--reason", "looks worse"}, asController)));
        assertThat(rejected.out()).contains("decision " + NAME + "@decision-3: reject challenger 3 against champion 2 (looks worse)")
                .contains("challenger: none");
        // the controller may not sign when consumers were not told to trust it
        CliRun untrusted = cli("models", "challenge", "3", "--sign-key", controllerKey, "--verify-key", trainerPub, "--name", NAME);
        assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(2);
        assertThat(untrusted.err()).contains("signature-invalid");

        // roll back to the champion before v2
        CliRun rolledBack = ok(cli(concat(new String[] {"models", "rollback"}, asTrainer)));
        assertThat(rolledBack.out()).contains("decision " + NAME + "@decision-2-rollback: rollback challenger 2 against champion 1")
                .contains("champion: " + NAME + "@1 (was 2)");
        await().atMost(DEADLINE).until(() -> champion() == 1);

        CliRun list = ok(cli("models", "list", "--name", NAME, "--verify-key", trainerPub, "--controller-key", controllerPub));
        assertThat(list.out()).contains(NAME + " (3 versions, active: 1)")
                .contains("latest decision on 2: " + NAME + "@decision-2-rollback rollback")
                .contains("latest decision on 3: " + NAME + "@decision-3 reject").doesNotContain("refused");
        CliRun decisions = ok(cli("models", "decisions", "--name", NAME, "--verify-key", trainerPub, "--controller-key", controllerPub));
        assertThat(decisions.out()).containsSubsequence(NAME + "@decision-2: promote", NAME + "@decision-3: reject",
                NAME + "@decision-2-rollback: rollback").contains("evidence: none (a manual decision)");
        // without the controller key the reader refuses what the controller signed
        assertThat(ok(cli("models", "list", "--name", NAME, "--verify-key", trainerPub)).out())
                .contains("refused " + NAME + "@decision-3: forged-decision");

        // forged records on the topic: the scorer refuses each, its champion stays v1
        RecordSigner stranger = RecordSigner.of(Ed25519Keys.generate().getPrivate());
        GateDecision forged = new GateDecision(NAME, 1, 3, GateDecision.Outcome.PROMOTE, "forged", null, Instant.now(), true, null);
        double unsignedBefore = refused("unsigned-decision");
        double forgedBefore = refused("forged-decision");
        double invalidBefore = refused("signature-invalid");
        StreamTestKit.send(settings, List.of(
                ModelRecords.decision(topics.modelWeights(), forged, null),
                ModelRecords.decision(topics.modelWeights(), forged, stranger),
                ModelRecords.activation(topics.modelWeights(), new Activation(NAME, 3, Instant.now(), 1, "promote: forged",
                        null, false, NAME + "@decision-3", true), stranger)));
        await().atMost(DEADLINE).until(() -> refused("unsigned-decision") == unsignedBefore + 1
                && refused("forged-decision") == forgedBefore + 1 && refused("signature-invalid") == invalidBefore + 1);
        assertThat(champion()).isEqualTo(1);
        assertThat(app.context().registry().latestDecision(NAME, 2)).map(GateDecision::outcome).contains(GateDecision.Outcome.ROLLBACK);
        // this scorer was given no controller key (serve cannot take one yet), so the controller's rejection is refused too
        assertThat(app.context().registry().latestDecision(NAME, 3)).isEmpty();

        // pinned by a person: an automatic promotion (the gate's, with its evidence) is not written
        ok(cli(concat(new String[] {"models", "activate", "1", "--pin"}, asTrainer)));
        ok(cli(concat(new String[] {"models", "challenge", "3"}, asTrainer)));
        await().atMost(DEADLINE).until(() -> app.context().registry().isPinned(NAME));
        RecordSigner controller = RecordSigner.of(Ed25519Keys.readPrivate(Path.of(controllerKey)));
        var verdict = new PromotionGate(GateSettings.DEFAULTS).verdict(new PairedCounts(500, 20, 80, 100), Duration.ofMinutes(3));
        GateDecision automatic = new GateDecision(NAME, 1, 3, GateDecision.Outcome.PROMOTE, verdict.reason(),
                GateDecision.Evidence.of(verdict, GateSettings.DEFAULTS, Instant.now().minusSeconds(180), Instant.now()),
                Instant.now(), true, null);
        ModelRecordValidator trusting = new ModelRecordValidator(Ed25519Keys.readPublic(Path.of(trainerPub)),
                List.of(controller.publicKey()));
        try (ModelPublisher publisher = new ModelPublisher(settings, topics.modelWeights(), NAME, controller, Clock.systemUTC(), DEADLINE)) {
            assertThatThrownBy(() -> new ModelRoles(publisher, trusting).apply(automatic, false))
                    .isInstanceOfSatisfying(ModelPublisher.RefusedException.class,
                            e -> assertThat(e.refusal().reason()).isEqualTo(RefusalReason.PINNED));
        }
        assertThat(ok(cli("models", "list", "--name", NAME, "--verify-key", trainerPub)).out())
                .contains(NAME + " (3 versions, active: 1, pinned, challenger: 3)");
        assertThat(champion()).isEqualTo(1);
        assertThat(app.health().healthy()).isTrue();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
