package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.kafka.TopicNames;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --command-config} reaches {@code models list|show|activate} and {@code send} on a SASL/PLAIN broker with the
 * StandardAuthorizer and the ACLs of topics/acls.yaml: each succeeds as the principal the ACLs allow (trainer for the
 * model topic, sender for images), and is refused quickly, with exit 2 and one line naming the denial, as a principal
 * without the ACL. {@link AclIT} covers {@code topics}, {@code publish} and {@code serve} on the same setup.
 */
class AclCommandsIT {

    private static final String PREFIX = "acl-cli.";
    /** A refusal is one round trip to the broker; a hang would run into a client timeout (30 s and more). */
    private static final Duration QUICK = Duration.ofSeconds(15);

    @RegisterExtension
    static final EmbeddedBroker KAFKA = AclLogins.broker();

    @Test
    void shouldRunModelsAndSendWithTheirCommandConfigAndRefuseAPrincipalWithoutTheAcl() throws Exception {
        Path work = StreamTestKit.tempDir("acl-cli-it");
        ScoringTopics topics = ScoringTopics.of(TopicNames.withPrefix(PREFIX));
        CliRun apply = cli(work, "admin", "topics", "apply");
        assertThat(apply.exitCode()).as(apply.toString()).isZero();
        Path model = work.resolve("cats.catmodel");
        ModelCodec.write(model, TestModels.random(StreamTestKit.TINY, 1).withName(StreamTestKit.MODEL));
        CliRun publish = cli(work, "trainer", "publish", "--model", model.toString(), "--no-activate");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();

        CliRun list = cli(work, "trainer", "models", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).as(list.toString()).contains("cats (1 versions, active: none)");
        CliRun show = cli(work, "trainer", "models", "show", "1", "--name", StreamTestKit.MODEL);
        assertThat(show.exitCode()).as(show.toString()).isZero();
        assertThat(show.out()).as(show.toString()).contains("record cats@1 at " + topics.modelWeights()).contains("status: accepted");
        CliRun activate = cli(work, "trainer", "models", "activate", "1", "--name", StreamTestKit.MODEL);
        assertThat(activate.exitCode()).as(activate.toString()).isZero();
        assertThat(activate.out()).as(activate.toString()).startsWith("active: cats@1");
        CliRun listAsScorer = cli(work, "scorer", "models", "list");
        assertThat(listAsScorer.out()).as("the scorer reads model-weights: %s", listAsScorer).contains("cats (1 versions, active: 1)");

        Path images = Files.createDirectories(work.resolve("images").resolve("cats"));
        for (int i = 0; i < 3; i++) {
            Files.write(images.resolve("cat." + i + (i % 2 == 0 ? ".png" : ".jpg")), ImageFlow.mixed(i));
        }
        CliRun send = cli(work, "sender", "send", images.getParent().toString());
        assertThat(send.exitCode()).as(send.toString()).isZero();
        assertThat(send.out()).as(send.toString()).contains("sent 3 images");
        assertThat(StreamTestKit.readCommitted(KAFKA.settings(), topics.images(), 3)).hasSize(3);

        // the trainer reads images, their truth and the champion's labelled predictions (backtest, train --from-kafka)
        CliRun backtest = cli(work, "trainer", "backtest", "--model", model.toString(), "--since", "1h");
        assertThat(backtest.exitCode()).as(backtest.toString()).isZero();
        assertThat(backtest.out()).as(backtest.toString()).contains("3 images with truth").contains("against the champion cats@1");

        List<String> refusals = new ArrayList<>();
        refusals.add(assertRefused(work, "intruder", topics.modelWeights(), "models", "list"));
        refusals.add(assertRefused(work, "intruder", topics.modelWeights(), "models", "show", "1", "--name", StreamTestKit.MODEL));
        refusals.add(assertRefused(work, "intruder", "transactional id catstream-publisher-cats", "models", "activate", "1", "--name", StreamTestKit.MODEL));
        refusals.add(assertRefused(work, "scorer", "transactional id catstream-publisher-cats", "models", "activate", "1", "--name", StreamTestKit.MODEL));
        refusals.add(assertRefused(work, "intruder", topics.images(), "send", images.getParent().toString()));
        refusals.add(assertRefused(work, "trainer", topics.images(), "send", images.getParent().toString()));
        System.out.printf("acl-cli: models list/show/activate as trainer and send as sender ok; refused:%n%s",
                String.join("", refusals));
    }

    /** Runs the command as {@code user}: exit 2 within {@link #QUICK}, one line naming the resource and the denial. */
    private static String assertRefused(Path work, String user, String resource, String... command) {
        long start = System.nanoTime();
        CliRun run = cli(work, user, command);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String what = user + " " + String.join(" ", command);
        assertThat(run.exitCode()).as("%s: %s", what, run).isEqualTo(2);
        assertThat(run.err()).as("%s: %s", what, run).contains(resource).containsIgnoringCase("authoriz")
                .doesNotContain("\tat ").doesNotContain("Exception");
        // a cluster slow to answer (a loaded machine) adds the "waiting up to 15 s for Kafka at ..." line first
        assertThat(run.err().strip().lines().filter(line -> !line.startsWith("catstream: waiting up to ")))
                .as("%s: one error line: %s", what, run).hasSize(1);
        assertThat(took).as("%s: refused quickly, not after a timeout: %s", what, run).isLessThan(QUICK);
        return String.format("  %s (%d ms): %s", what, took.toMillis(), run.err());
    }

    private static CliRun cli(Path work, String user, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--command-config",
                AclLogins.commandConfig(KAFKA, work, user), "--topic-prefix", PREFIX));
        return CliRun.of(args.toArray(String[]::new));
    }
}
