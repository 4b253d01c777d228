package io.catstream.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Compares a {@link TopicCatalog} with a cluster ({@link #diff}) and makes the cluster match ({@link #apply}):
 * creates missing topics, adds partitions, sets the declared configs. Uses only the public Admin API, so it
 * works against any Kafka 3.x/4.x cluster. Idempotent: applying twice changes nothing the second time.
 * <p>
 * The ACLs of {@code topics/acls.yaml} are reconciled beside it by {@link AclReconciler}.
 */
public final class TopicReconciler {

    private static final long VISIBILITY_TIMEOUT_NANOS = 30_000_000_000L;

    private final Admin admin;
    private final TopicNames names;

    public TopicReconciler(Admin admin, TopicNames names) {
        this.admin = admin;
        this.names = names;
    }

    /** What differs, in catalog order; empty when the cluster matches. */
    public List<TopicChange> diff(TopicCatalog catalog) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<TopicSpec> present = catalog.topics().stream().filter(t -> existing.contains(names.resolve(t.logicalName()))).toList();
        Map<String, TopicDescription> descriptions = describe(present);
        Map<String, Config> configs = configs(present);
        List<TopicChange> changes = new ArrayList<>();
        for (TopicSpec spec : catalog.topics()) {
            String topic = names.resolve(spec.logicalName());
            TopicDescription description = descriptions.get(topic);
            if (description == null) {
                changes.add(new TopicChange(topic, TopicChange.Kind.CREATE, "create with " + spec.partitions()
                        + " partitions, replication " + spec.replicationFactor() + ", " + spec.configs(), true));
                continue;
            }
            int partitions = description.partitions().size();
            if (partitions < spec.partitions()) {
                changes.add(new TopicChange(topic, TopicChange.Kind.ADD_PARTITIONS, "partitions " + partitions + " -> "
                        + spec.partitions(), true));
            } else if (partitions > spec.partitions()) {
                changes.add(new TopicChange(topic, TopicChange.Kind.PARTITIONS_DIFFER, "has " + partitions
                        + " partitions, the catalog says " + spec.partitions() + " (Kafka cannot remove partitions)", false));
            }
            int replication = description.partitions().get(0).replicas().size();
            if (replication != spec.replicationFactor()) {
                changes.add(new TopicChange(topic, TopicChange.Kind.REPLICATION_DIFFERS, "replication factor " + replication
                        + ", the catalog says " + spec.replicationFactor() + " (use kafka-reassign-partitions)", false));
            }
            Config config = configs.get(topic);
            spec.configs().forEach((key, wanted) -> {
                ConfigEntry entry = config.get(key);
                String actual = entry == null ? null : entry.value();
                if (!wanted.equals(actual)) {
                    changes.add(new TopicChange(topic, TopicChange.Kind.SET_CONFIG, key + " " + actual + " -> " + wanted, true));
                }
            });
        }
        return changes;
    }

    /** Applies every fixable change of {@link #diff} and returns all of them (the unfixable ones unapplied). */
    public List<TopicChange> apply(TopicCatalog catalog) throws ExecutionException, InterruptedException {
        List<TopicChange> changes = diff(catalog);
        Map<String, TopicSpec> byTopic = catalog.topics().stream()
                .collect(Collectors.toMap(t -> names.resolve(t.logicalName()), t -> t));
        List<NewTopic> creates = new ArrayList<>();
        Map<String, NewPartitions> partitions = new HashMap<>();
        Map<ConfigResource, Collection<AlterConfigOp>> alters = new HashMap<>();
        for (TopicChange change : changes) {
            TopicSpec spec = byTopic.get(change.topic());
            switch (change.kind()) {
                case CREATE -> creates.add(new NewTopic(change.topic(), spec.partitions(), spec.replicationFactor())
                        .configs(spec.configs()));
                case ADD_PARTITIONS -> partitions.put(change.topic(), NewPartitions.increaseTo(spec.partitions()));
                case SET_CONFIG -> {
                    String key = change.detail().substring(0, change.detail().indexOf(' '));
                    alters.computeIfAbsent(new ConfigResource(ConfigResource.Type.TOPIC, change.topic()), r -> new ArrayList<>())
                            .add(new AlterConfigOp(new ConfigEntry(key, spec.configs().get(key)), AlterConfigOp.OpType.SET));
                }
                default -> {
                    // reported, not fixable
                }
            }
        }
        if (!creates.isEmpty()) {
            try {
                admin.createTopics(creates).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        if (!partitions.isEmpty()) {
            admin.createPartitions(partitions).all().get();
        }
        if (!alters.isEmpty()) {
            admin.incrementalAlterConfigs(alters).all().get();
        }
        if (changes.stream().anyMatch(TopicChange::fixable)) {
            awaitVisible(catalog);
        }
        return changes;
    }

    /**
     * The brokers learn of new topics and configs from the controller asynchronously: wait (bounded) until a
     * diff shows nothing fixable, so the next command (a publish, a second apply, a check) sees the result.
     */
    private void awaitVisible(TopicCatalog catalog) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + VISIBILITY_TIMEOUT_NANOS;
        while (diff(catalog).stream().anyMatch(TopicChange::fixable)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topic changes were accepted but are still not visible after "
                        + VISIBILITY_TIMEOUT_NANOS / 1_000_000_000 + " s; run 'catstream topics check' to see the state");
            }
            Thread.sleep(100); // polling the cluster's metadata, not waiting for a test
        }
    }

    private Map<String, TopicDescription> describe(List<TopicSpec> present) throws ExecutionException, InterruptedException {
        if (present.isEmpty()) {
            return Map.of();
        }
        return admin.describeTopics(present.stream().map(t -> names.resolve(t.logicalName())).toList()).allTopicNames().get();
    }

    private Map<String, Config> configs(List<TopicSpec> present) throws ExecutionException, InterruptedException {
        if (present.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = present.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, names.resolve(t.logicalName()))).toList();
        Map<String, Config> result = new HashMap<>();
        admin.describeConfigs(resources).all().get().forEach((resource, config) -> result.put(resource.name(), config));
        return result;
    }
}
