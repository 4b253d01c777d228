package io.catstream.cli;

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
        description = "Create and align catstream's topics (topics/topics.yaml), or check a cluster against them.",
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

        List<TopicChange> run(boolean apply) {
            TopicCatalog catalog = catalog();
            try (Admin admin = KafkaOptions.admin(kafka.settings())) {
                TopicReconciler reconciler = new TopicReconciler(admin, topicNames.names());
                return apply ? reconciler.apply(catalog) : reconciler.diff(catalog);
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

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create missing topics, add partitions and set configs so the cluster matches the catalog; "
                    + "prints each change. Exit 3 if something cannot be fixed (fewer partitions, replication).")
    static final class Apply extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            List<TopicChange> changes = run(true);
            PrintWriter out = spec.commandLine().getOut();
            if (changes.isEmpty()) {
                out.println("topics: nothing to change, " + catalog().topics().size() + " topics match");
            }
            changes.forEach(c -> out.println((c.fixable() ? "changed: " : "") + c));
            return changes.stream().allMatch(TopicChange::fixable) ? 0 : DIFFERS;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compare the cluster with the catalog; prints each difference. Exit 0 if it matches, 3 if not.")
    static final class Check extends Common implements Callable<Integer> {
        @Override
        public Integer call() {
            List<TopicChange> changes = run(false);
            PrintWriter out = spec.commandLine().getOut();
            if (changes.isEmpty()) {
                out.println("topics: " + catalog().topics().size() + " topics match the catalog");
                return 0;
            }
            changes.forEach(c -> out.println("differs: " + c));
            return DIFFERS;
        }
    }
}
