package io.catstream.cli;

import io.catstream.kafka.TopicNames;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Maps catstream's logical topic names onto a cluster's: a prefix, or one name per topic. */
final class TopicNameOptions {

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = "${env:CATSTREAM_TOPIC_PREFIX:-}",
            description = "Prefix for every topic name, e.g. 'dev.' (default: $CATSTREAM_TOPIC_PREFIX, else none).")
    String prefix;

    @Option(names = "--topic", paramLabel = "LOGICAL=NAME",
            description = "Use NAME for the logical topic LOGICAL (e.g. model-weights=ml.cat-models); repeatable; wins over the prefix.")
    Map<String, String> overrides = new LinkedHashMap<>();

    TopicNames names() {
        try {
            return new TopicNames(prefix, overrides);
        } catch (IllegalArgumentException e) {
            throw new UserError("invalid --topic-prefix/--topic: " + e.getMessage(), e);
        }
    }
}
