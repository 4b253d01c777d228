package io.catstream.stream;

import io.catstream.kafka.RecordLimits;
import static org.awaitility.Awaitility.await;

import io.catstream.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code image-labels} and {@code images-dlq} with {@code read_committed} and checks that every input id has
 * exactly one outcome: one label or one dead letter, none missing, none twice, nothing unexpected.
 */
public final class ExactlyOnceAudit {

    /** What was read: labels and dead letters (in offset order per partition), and the outcome count per id. */
    public record Outcomes(List<ConsumerRecord<String, byte[]>> labels, List<ConsumerRecord<String, byte[]>> deadLetters,
                           Map<String, Integer> countById) {

        public List<String> missing(Collection<String> inputs) {
            return inputs.stream().filter(id -> !countById.containsKey(id)).toList();
        }

        public Map<String, Integer> duplicates() {
            Map<String, Integer> dups = new TreeMap<>();
            countById.forEach((id, n) -> {
                if (n > 1) {
                    dups.put(id, n);
                }
            });
            return dups;
        }

        public List<String> unexpected(Collection<String> inputs) {
            Set<String> known = new HashSet<>(inputs);
            return countById.keySet().stream().filter(id -> !known.contains(id)).toList();
        }

        public String summary(Collection<String> inputs) {
            return String.format("inputs %d, labels %d, dead letters %d, missing %d, duplicates %d, unexpected %d",
                    inputs.size(), labels.size(), deadLetters.size(), missing(inputs).size(), duplicates().size(),
                    unexpected(inputs).size());
        }
    }

    private ExactlyOnceAudit() {
    }

    /**
     * Reads both topics from the beginning until every one of {@code inputs} has an outcome (or {@code deadline}
     * passes), then a little longer to catch duplicates.
     */
    public static Outcomes read(KafkaSettings settings, ScoringTopics topics, Collection<String> inputs, Duration deadline) {
        List<ConsumerRecord<String, byte[]>> labels = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> wanted = new HashSet<>(inputs);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, RecordLimits.builtIn().imageRecordBytes(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.labels(), topics.deadLetters())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Runnable poll = () -> consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                (r.topic().equals(topics.labels()) ? labels : dead).add(r);
                counts.merge(r.key(), 1, Integer::sum);
            });
            try {
                await().atMost(deadline).pollInterval(Duration.ofMillis(10)).until(() -> {
                    poll.run();
                    return counts.keySet().containsAll(wanted);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported by the caller's assertions on missing()
            }
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                poll.run();
            }
        }
        return new Outcomes(labels, dead, counts);
    }
}
