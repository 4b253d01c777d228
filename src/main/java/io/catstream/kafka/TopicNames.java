package io.catstream.kafka;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Logical topic names ({@code model-weights}) to the names on a cluster: {@code prefix + logical}, unless
 * an override names the topic outright. Lets several environments share a cluster ({@code dev.}, {@code ci-42.}).
 */
public record TopicNames(String prefix, Map<String, String> overrides) {

    public static final TopicNames DEFAULT = new TopicNames("", Map.of());

    /** Kafka's own rule for topic names. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public TopicNames {
        prefix = prefix == null ? "" : prefix;
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        if (!prefix.isEmpty() && !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
        }
        overrides.forEach((logical, actual) -> {
            if (!LEGAL.matcher(actual).matches()) {
                throw new IllegalArgumentException("topic override " + logical + "=" + actual
                        + ": a topic name is 1-249 letters, digits, '.', '_' or '-'");
            }
        });
    }

    public static TopicNames withPrefix(String prefix) {
        return new TopicNames(prefix, Map.of());
    }

    /** The name on the cluster of the logical topic {@code logical}. */
    public String resolve(String logical) {
        String override = overrides.get(logical);
        return override != null ? override : prefix + logical;
    }

    public String modelWeights() {
        return resolve(Topics.MODEL_WEIGHTS);
    }
}
