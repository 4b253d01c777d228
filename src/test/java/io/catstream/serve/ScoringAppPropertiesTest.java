package io.catstream.serve;

import io.catstream.stream.ScoringContext;
import io.catstream.stream.ScoringTopics;
import io.catstream.stream.ScoringTopology;
import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.kafka.KafkaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka Streams properties the scorer runs with, where a value rests on a fact of the topology. */
class ScoringAppPropertiesTest {

    @TempDir
    Path state;
    private final ScoringContext context = ScoringContext.create("cats", ImageLimits.defaults(), null,
            new SimpleMeterRegistry(), Clock.systemUTC());

    private Properties streamsProperties(KafkaSettings kafka) {
        return ScoringApp.streamsProperties(ScoringConfig.defaults(kafka), state, context);
    }

    @Test
    void shouldDisableTaskIdlingWhileOnlyTheOrderFreeTruthJoinReadsTwoTopics() {
        Properties props = streamsProperties(KafkaSettings.of("localhost:9092"));

        assertThat(props.get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Idling only orders records across a task's input partitions: the truth join merges images with image-truth
        // and takes either order (docs/truth.md); revisit the setting if another sub-topology gets a second source.
        ScoringTopics topics = ScoringTopics.defaults();
        TopologyDescription topology = ScoringTopology.build(topics, Duration.ofMinutes(1), context).describe();
        assertThat(topology.subtopologies()).hasSizeGreaterThanOrEqualTo(2);
        List<Set<String>> multiSource = topology.subtopologies().stream()
                .map(sub -> sub.nodes().stream().filter(TopologyDescription.Source.class::isInstance)
                        .flatMap(n -> ((TopologyDescription.Source) n).topicSet().stream()).collect(Collectors.toSet()))
                .filter(sources -> sources.size() != 1)
                .toList();
        assertThat(multiSource).containsExactly(Set.of(topics.images(), topics.truth()));
    }

    @Test
    void shouldBoundTheImagesHeldBeforeScoringUnlessTheCommandConfigSaysOtherwise() {
        Properties defaults = streamsProperties(KafkaSettings.of("localhost:9092"));
        Properties operator = streamsProperties(new KafkaSettings("localhost:9092",
                Map.of(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, "500")));

        // Kafka Streams' own defaults are 1,000 records per partition and 50 MB fetches (ScoringApp says why not)
        assertThat(defaults.get(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG)).isEqualTo(100);
        assertThat(defaults.get("main.consumer.max.poll.records")).isEqualTo(100);
        assertThat(defaults.get("main.consumer.fetch.max.bytes")).isEqualTo(4 * 1024 * 1024);
        assertThat(defaults).doesNotContainKey("main.consumer.max.partition.fetch.bytes");
        assertThat(operator.get(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG)).isEqualTo("500");
    }
}
