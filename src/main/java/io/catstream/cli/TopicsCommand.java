package io.catstream.cli;

import io.catstream.kafka.AclCatalog;
import io.catstream.kafka.AclReconciler;
import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.TopicChange;
import io.catstream.kafka.TopicReconciler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream topics apply|check}: the topics of topics/topics.yaml on a cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create and align catstream's topics (topics/topics.yaml) and ACLs (topics/acls.yaml), or check a "
                + "cluster against them.",
        subcommands = {TopicsCommand.Apply.class, TopicsCommand.Check.class})
final class TopicsCommand implements Runnable {

    /** Exit code of {@code topics check} (and of {@code apply} with unfixable differences): the cluster differs. */
    static final int DIFFERS = 3;

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

        @Option(names = "--topics-file", paramLabel = "FILE",
                description = "Topic catalog to use instead of the built-in topics/topics.yaml.")
        Path topicsFile;

        @Option(names = "--acls-file", paramLabel = "FILE",
                description = "ACL catalog to use instead of the built-in topics/acls.yaml (skipped with a notice on a "
                        + "cluster without an authorizer).")
        Path aclsFile;

        @Option(names = "--replication-factor", paramLabel = "N",
                description = "Replication factor for every topic, overriding the catalog (e.g. 3 on a real cluster).")
        Short replicationFactor;

        @Spec
        CommandSpec spec;

        TopicCatalog catalog() {
            TopicCatalog catalog;
            if (topicsFile == null) {
                catalog = TopicCatalog.builtIn();
            } else {
                ModelFiles.requireFile(topicsFile, "--topics-file");
                try {
                    catalog = TopicCatalog.read(topicsFile);
                } catch (IllegalArgumentException e) {
                    throw new UserError("invalid --topics-file: " + e.getMessage(), e);
                }
            }
            if (replicationFactor != null) {
                if (replicationFactor < 1) {
                    throw new UserError("invalid value " + replicationFactor + " for --replication-factor: must be at least 1");
                }
                catalog = catalog.withReplicationFactor(replicationFactor);
            }
            return catalog;
        }

        AclCatalog acls() {
            if (aclsFile == null) {
                return AclCatalog.builtIn();
            }
            ModelFiles.requireFile(aclsFile, "--acls-file");
            try {
                return AclCatalog.read(aclsFile);
            } catch (IllegalArgumentException e) {
                throw new UserError("invalid --acls-file: " + e.getMessage(), e);
            }
        }

        /** Topics, then ACLs: the changes of both (applied when {@code apply}). */
        Outcome run(boolean apply) {
            TopicCatalog catalog = catalog();
            AclCatalog acls = acls();
            try (Admin admin = KafkaOptions.admin(kafka.connect(spec.commandLine().getErr()))) {
                TopicReconciler reconciler = new TopicReconciler(admin, topicNames.names());
                List<TopicChange> topics = apply ? reconciler.apply(catalog) : reconciler.diff(catalog);
                AclReconciler aclReconciler = new AclReconciler(admin, topicNames.names());
                return new Outcome(topics, apply ? aclReconciler.apply(acls) : aclReconciler.diff(acls));
            } catch (ExecutionException e) {
                throw new UserError("Kafka at " + kafka.bootstrapServers + " refused: " + e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError("interrupted");
            } catch (org.apache.kafka.common.KafkaException e) {
                throw new UserError("cannot talk to Kafka at " + kafka.bootstrapServers + ": " + e.getMessage(), e);
            }
        }
    }

    /** What {@link Common#run} found (or changed). */
    record Outcome(List<TopicChange> topics, AclReconciler.Result acls) {
        /** Prints the ACL part: a notice on stderr when skipped, else one line per missing (or created) binding. */
        void printAcls(CommandSpec spec, String prefix) {
            if (acls.isSkipped()) {
                spec.commandLine().getErr().println("acls: skipped: " + acls.skipped());
                return;
            }
            acls.missing().forEach(b -> spec.commandLine().getOut().println(prefix + "acl " + AclReconciler.describe(b)));
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create missing topics, add partitions, set configs and create missing ACLs so the cluster "
                    + "matches the catalogs; "
                    + "prints each change. Exit 3 if something cannot be fixed (fewer partitions, replication).")
    static final class Apply extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            Outcome outcome = run(true);
            List<TopicChange> changes = outcome.topics();
            PrintWriter out = spec.commandLine().getOut();
            if (changes.isEmpty()) {
                out.println("topics: nothing to change, " + catalog().topics().size() + " topics match");
            }
            changes.forEach(c -> out.println((c.fixable() ? "changed: " : "") + c));
            outcome.printAcls(spec, "changed: ");
            return changes.stream().allMatch(TopicChange::fixable) ? 0 : DIFFERS;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compare the cluster with the catalogs (topics and ACLs); prints each difference. Exit 0 if it "
                    + "matches, 3 if not.")
    static final class Check extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            Outcome outcome = run(false);
            List<TopicChange> changes = outcome.topics();
            PrintWriter out = spec.commandLine().getOut();
            if (changes.isEmpty()) {
                out.println("topics: " + catalog().topics().size() + " topics match the catalog");
            }
            changes.forEach(c -> out.println("differs: " + c));
            outcome.printAcls(spec, "differs: missing ");
            return changes.isEmpty() && outcome.acls().missing().isEmpty() ? 0 : DIFFERS;
        }
    }
}
