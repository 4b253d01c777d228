package io.catstream.cli;

import io.catstream.kafka.KafkaSettings;
import io.catstream.model.InvalidModelException;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.ModelInspection;
import io.catstream.model.TrainingFacts;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.Refusal;
import io.catstream.registry.RegistryKey;
import io.catstream.registry.RegistryRecord;
import io.catstream.registry.RegistryTopic;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code catstream models list|activate|show|challenge|promote|reject|rollback|decisions}: history, roles and rollback on the model topic. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List published model versions with their roles, activate one (rollback without retraining), show one; "
                + "champion and challenger by hand.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Activate.class, ModelsCommand.Show.class,
            ModelRoleCommands.Challenge.class, ModelRoleCommands.Promote.class, ModelRoleCommands.Reject.class,
            ModelRoleCommands.Rollback.class, ModelRoleCommands.Decisions.class})
final class ModelsCommand implements Runnable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static class Common {
        @Mixin
        KafkaOptions kafka;

        @Mixin
        TopicNameOptions topicNames;

        @Mixin
        SigningOptions signing;

        @Spec
        CommandSpec spec;

        String topic() {
            return topicNames.names().modelWeights();
        }

        UserError unreachable(KafkaSettings settings, RuntimeException e) {
            return new UserError("cannot read " + topic() + " at " + settings.bootstrapServers() + ": " + e.getMessage()
                    + (e instanceof AuthorizationException ? " (the --command-config principal needs Read, Describe on "
                    + topic() + ")" : ""), e);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every version on the topic with its facts; '*' marks the active one (the champion), 'c' the "
                    + "challenger, with the latest decision per challenger. Refused records are listed with their reason.")
    static final class ListVersions extends Common implements Callable<Integer> {

        @Option(names = "--name", paramLabel = "NAME", description = "Only this model name (default: all).")
        String name;

        @Override
        public Integer call() {
            ModelRecordValidator validator = signing.validator(); // the keys are checked before any connection
            KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
            List<Refusal> refusals = new ArrayList<>();
            ModelRegistry registry;
            try {
                registry = RegistryTopic.load(settings, topic(), validator, new ModelRegistry.Listener() {
                    @Override
                    public void refused(Refusal refusal) {
                        refusals.add(refusal);
                    }
                }, TIMEOUT);
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                throw unreachable(settings, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            List<String> names = name == null ? registry.names() : List.of(name);
            if (names.isEmpty() || names.stream().allMatch(n -> registry.versions(n).isEmpty())) {
                out.println("no model versions on " + topic() + (name == null ? "" : " for '" + name + "'"));
            }
            for (String n : names) {
                List<PublishedModel> versions = registry.versions(n);
                if (versions.isEmpty()) {
                    continue;
                }
                Integer active = registry.activation(n).map(Activation::version).orElse(null);
                Integer challenger = registry.challenger(n).map(Challenger::version).orElse(null);
                out.println(n + " (" + versions.size() + " versions, active: " + (active == null ? "none" : active)
                        + (registry.isPinned(n) ? ", pinned" : "") + (challenger == null ? "" : ", challenger: " + challenger) + ")");
                out.printf(Locale.ROOT, "  %-1s %-7s %-22s %-8s %-6s %-6s %-20s %-12s %-38s %s%n",
                        "", "version", "network", "cost", "train", "test", "created", "sha256",
                        !signing.verifies() ? "key id (not verified: no --verify-key)" : "signed by (verified)", "input");
                for (PublishedModel m : versions) {
                    TrainingFacts t = m.artifact().training();
                    out.printf(Locale.ROOT, "  %-1s %-7d %-22s %-8s %-6s %-6s %-20s %-12s %-38s %s%n",
                            active != null && active == m.version() ? "*" : challenger != null && challenger == m.version() ? "c" : "",
                            m.version(), ModelDescription.network(m.artifact()),
                            t.finalCost() == null ? "-" : String.format(Locale.ROOT, "%.4f", t.finalCost()),
                            percent(t.trainAccuracy()), percent(t.testAccuracy()),
                            t.createdAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                            m.sha256().substring(0, 12), m.keyId() == null ? "unsigned" : m.keyId(),
                            ModelDescription.input(m.artifact()));
                }
                registry.decisions(n).stream().map(GateDecision::challengerVersion).distinct()
                        .map(v -> registry.latestDecision(n, v).orElseThrow())
                        .forEach(d -> out.println("  latest decision on " + d.challengerVersion() + ": " + d.key() + " "
                                + d.outcome().code() + " at " + d.decidedAt() + " (" + d.reason() + ", "
                                + (d.evidence() == null ? "no evidence" : "evidence: 'models decisions'") + ")"));
            }
            refusals.stream().filter(r -> name == null || name.equals(r.name()))
                    .forEach(r -> out.println("refused " + r.key() + ": " + r.reason().code() + ": " + r.message()));
            return 0;
        }

        private static String percent(Double fraction) {
            return fraction == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Make VERSION the active version of a model (roll back or forward without retraining).")
    static final class Activate extends Common implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "VERSION", description = "Version number, as shown by 'models list'.")
        int version;

        @Option(names = "--name", defaultValue = ModelArtifact.DEFAULT_NAME, description = "Model name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--reason", defaultValue = "manual activation", description = "Why, stored in the pointer (default: ${DEFAULT-VALUE}).")
        String reason;

        @Option(names = "--pin", description = "Pin VERSION: the promotion gate and the rollback watch may not replace it "
                + "until the next manual activation (which lifts the pin unless it has --pin too).")
        boolean pin;

        @Override
        public Integer call() {
            if (version < 1 || RegistryKey.parse(name + "@" + version) == null) {
                throw new UserError("invalid model --name '" + name + "' or VERSION " + version + ": versions start at 1");
            }
            RecordSigner signer = signing.signerTrustedForPointers();
            KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
            Activation activation;
            try (ModelPublisher publisher = new ModelPublisher(settings, topic(), name, signer, Clock.systemUTC(), TIMEOUT)) {
                activation = publisher.activate(version, reason, pin, signing.validator());
            } catch (ModelPublisher.RefusedException e) {
                throw new UserError("cannot activate " + name + "@" + version + ": " + e.refusal().reason().code() + ": "
                        + e.refusal().message(), e);
            } catch (AuthorizationException e) {
                throw new UserError("cannot activate " + name + "@" + version + " on " + topic() + " at "
                        + settings.bootstrapServers() + ": " + e.getMessage() + " (the --command-config principal needs "
                        + "Write, Describe on transactional id " + ModelPublisher.transactionalId(name) + " and Write, Read, "
                        + "Describe on " + topic() + ", as User:trainer in topics/acls.yaml)", e);
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                throw unreachable(settings, e);
            }
            spec.commandLine().getOut().println("active: " + name + "@" + activation.version()
                    + (activation.previousVersion() == null ? "" : " (was " + activation.previousVersion() + ")")
                    + " at " + activation.activatedAt() + (activation.pinned() ? ", pinned" : "")
                    + (signer == null ? ", unsigned" : ", signed by key " + signer.keyId()));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print one version's Kafka headers, its model header (JSON) and whether consumers accept it.")
    static final class Show extends Common implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "VERSION", description = "Version number.")
        int version;

        @Option(names = "--name", defaultValue = ModelArtifact.DEFAULT_NAME, description = "Model name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            String key = name + "@" + version;
            KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            try {
                RegistryTopic.readToEnd(settings, topic(), TIMEOUT, r -> {
                    if (key.equals(r.key())) {
                        found.clear();
                        found.add(r);
                    }
                });
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                throw unreachable(settings, e);
            }
            if (found.isEmpty()) {
                throw new UserError("no record " + key + " on " + topic() + "; see 'catstream models list'");
            }
            ConsumerRecord<String, byte[]> record = found.get(0);
            PrintWriter out = spec.commandLine().getOut();
            out.println("record " + key + " at " + topic() + "/" + record.partition() + "@" + record.offset() + ", "
                    + (record.value() == null ? "null" : record.value().length + " bytes"));
            for (Header h : record.headers()) {
                out.println("  " + h.key() + ": " + (h.value() == null ? "null" : new String(h.value(), StandardCharsets.UTF_8)));
            }
            if (record.value() != null) {
                try {
                    ModelInspection inspection = ModelCodec.inspect(record.value());
                    out.println(inspection.headerSummary());
                    if (inspection.model() != null) {
                        out.println(ModelDescription.lines(inspection.model()));
                    }
                } catch (InvalidModelException e) {
                    out.println("(no readable model header: " + e.getMessage() + ")");
                }
            }
            RegistryRecord verdict = signing.validator().validate(record);
            if (verdict instanceof Refusal refusal) {
                out.println("status: refused, " + refusal.reason().code() + ": " + refusal.message());
                return UserError.BAD_INPUT;
            }
            out.println("status: accepted" + (!signing.verifies() ? " (signature not checked: no --verify-key)" : ", signature ok"));
            return 0;
        }
    }
}
