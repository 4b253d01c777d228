package io.catstream.registry;

import io.catstream.kafka.RecordLimits;
import io.catstream.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading the model topic from the start: consumer settings and "read to the end", without a consumer group. */
public final class RegistryTopic {

    private RegistryTopic() {
    }

    /** A consumer that sees committed records only (a publisher's aborted transaction never shows). */
    public static KafkaConsumer<String, byte[]> consumer(KafkaSettings settings, String clientId) {
        return consumer(settings, clientId, Map.of());
    }

    static KafkaConsumer<String, byte[]> consumer(KafkaSettings settings, String clientId, Map<String, String> overrides) {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(RecordLimits.builtIn().modelFetchBytes()),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        config.putAll(overrides);
        return new KafkaConsumer<>(settings.clientConfig(config));
    }

    /** Assigns every partition of {@code topic} and seeks to the beginning; fails clearly when the topic is missing. */
    public static List<TopicPartition> assignFromBeginning(KafkaConsumer<String, byte[]> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to look up topic " + topic + " within " + timeout + ": " + e.getMessage(), e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist; create it with 'catstream topics apply'");
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /**
     * Reads every committed record of {@code topic} from the beginning to its current end (the last stable
     * offset) and hands each to {@code sink} in offset order.
     */
    public static void readToEnd(KafkaSettings settings, String topic, Duration timeout, Consumer<ConsumerRecord<String, byte[]>> sink) {
        // the last fetch returns only the transaction marker: don't let the broker hold it for the default 500 ms
        try (KafkaConsumer<String, byte[]> consumer = consumer(settings, "catstream-registry-reader",
                Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20"))) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, topic, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(sink);
            }
        }
    }

    /**
     * Waits until {@code offset} on {@code partition} is below the last stable offset, i.e. visible to
     * read_committed consumers. A committed transaction gets there once the broker has written its markers.
     */
    static void awaitCommitted(KafkaSettings settings, TopicPartition partition, long offset, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(settings, "catstream-registry-commit-check")) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.endOffsets(List.of(partition), timeout).get(partition) <= offset) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("record " + partition + "@" + offset
                            + " was committed but is still not visible to read_committed readers after " + timeout);
                }
                sleep(Duration.ofMillis(5));
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a commit to become visible", e);
        }
    }

    static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A registry loaded with everything on the topic now; refusals go to {@code listener} (may be null). */
    public static ModelRegistry load(KafkaSettings settings, String topic, ModelRecordValidator validator,
                                     ModelRegistry.Listener listener, Duration timeout) {
        ModelRegistry registry = new ModelRegistry();
        if (listener != null) {
            registry.addListener(listener);
        }
        readToEnd(settings, topic, timeout, record -> registry.accept(validator.validate(record)));
        return registry;
    }
}
