package io.catstream.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of {@code topics/acls.yaml} (the copy inside the jar, or a file given with {@code --acls-file}): per
 * principal, the operations allowed on topics, groups, transactional ids and the cluster. Topic names are logical and
 * resolved with the same {@link TopicNames} as the topics, unless marked {@code internal} (Kafka Streams' own topics).
 */
public record AclCatalog(List<Entry> entries) {

    public static final String RESOURCE = "/topics/acls.yaml";

    /** One allow rule: {@code principal} may do {@code operations} on a resource. */
    public record Entry(String principal, ResourceType resource, String name, PatternType pattern, boolean internal,
                        List<AclOperation> operations) {

        /** The Kafka ACL bindings of this rule, one per operation, host {@code *}. */
        public List<AclBinding> bindings(TopicNames names) {
            String resolved = resource == ResourceType.TOPIC && !internal ? names.resolve(name) : name;
            ResourcePattern pattern = new ResourcePattern(resource, resolved, this.pattern);
            return operations.stream()
                    .map(op -> new AclBinding(pattern, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)))
                    .toList();
        }
    }

    public AclCatalog {
        entries = List.copyOf(entries);
    }

    public static AclCatalog builtIn() {
        return parse(YamlFiles.resource(RESOURCE), RESOURCE);
    }

    public static AclCatalog read(Path file) {
        return parse(YamlFiles.file(file), file.toString());
    }

    /** Every binding of the catalog, topic names resolved with {@code names}. */
    public List<AclBinding> bindings(TopicNames names) {
        return entries.stream().flatMap(e -> e.bindings(names).stream()).toList();
    }

    static AclCatalog parse(JsonNode root, String source) {
        JsonNode principals = root == null ? null : root.get("principals");
        if (principals == null || !principals.isObject()) {
            throw new IllegalArgumentException(source + ": expected a 'principals' map of principal -> list of rules");
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = principals.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> principal = it.next();
            if (!principal.getKey().matches("[A-Za-z]+:.+")) {
                throw new IllegalArgumentException(source + ": principal '" + principal.getKey() + "' is not Type:name (User:trainer)");
            }
            for (JsonNode rule : principal.getValue()) {
                entries.add(entry(principal.getKey(), rule, source));
            }
        }
        return new AclCatalog(entries);
    }

    private static Entry entry(String principal, JsonNode rule, String source) {
        String where = source + ", " + principal + ": ";
        ResourceType type = switch (text(rule, "resource", where)) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
            case "cluster" -> ResourceType.CLUSTER;
            default -> throw new IllegalArgumentException(where + "resource must be topic, group, transactional-id or cluster, got '"
                    + rule.get("resource").asText() + "'");
        };
        String patternText = rule.has("pattern") ? rule.get("pattern").asText() : "literal";
        PatternType pattern = switch (patternText) {
            case "literal" -> PatternType.LITERAL;
            case "prefixed" -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException(where + "pattern must be literal or prefixed, got '" + patternText + "'");
        };
        JsonNode ops = rule.get("operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw new IllegalArgumentException(where + "operations must be a non-empty list, e.g. [Read, Describe]");
        }
        List<AclOperation> operations = new ArrayList<>();
        for (JsonNode op : ops) {
            AclOperation parsed = AclOperation.fromString(op.asText().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
            if (parsed == AclOperation.UNKNOWN || parsed == AclOperation.ANY) {
                throw new IllegalArgumentException(where + "unknown operation '" + op.asText() + "' (Read, Write, Describe, "
                        + "Create, Delete, Alter, DescribeConfigs, AlterConfigs, IdempotentWrite, All)");
            }
            operations.add(parsed);
        }
        return new Entry(principal, type, text(rule, "name", where), pattern, rule.path("internal").asBoolean(false), operations);
    }

    private static String text(JsonNode rule, String field, String where) {
        JsonNode value = rule.get(field);
        if (value == null || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + "missing '" + field + "' in " + rule);
        }
        return value.asText();
    }
}
