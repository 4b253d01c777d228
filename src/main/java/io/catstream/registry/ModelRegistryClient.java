package io.catstream.registry;

import io.catstream.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link ModelRegistry} up to date from the model topic on a background thread: reads from the
 * beginning (no consumer group, no committed offsets: every instance sees everything), validates each record
 * and feeds it to the registry, then follows new records. A Kafka Streams app can instead feed the same
 * registry from a global store processor with the same {@link ModelRecordValidator}.
 */
public final class ModelRegistryClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistryClient.class);

    private final KafkaSettings settings;
    private final String topic;
    private final ModelRecordValidator validator;
    private final ModelRegistry registry;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean closed;
    private volatile RuntimeException failure;

    public ModelRegistryClient(KafkaSettings settings, String topic, ModelRecordValidator validator, ModelRegistry registry) {
        this.settings = settings;
        this.topic = topic;
        this.validator = validator;
        this.registry = registry;
        this.thread = new Thread(this::run, "catstream-model-registry-" + topic);
        this.thread.setDaemon(true);
    }

    public ModelRegistryClient start() {
        thread.start();
        return this;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** Waits until everything on the topic at start-up has been applied; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        boolean done = caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = RegistryTopic.consumer(settings, "catstream-registry-client")) {
            consumer = c;
            if (closed) {
                return;
            }
            List<TopicPartition> partitions = RegistryTopic.assignFromBeginning(c, topic, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    RegistryRecord outcome = registry.accept(validator.validate(record));
                    if (outcome instanceof Refusal refusal) {
                        LOG.warn("model topic {} offset {}: {}", topic, record.offset(), refusal);
                    }
                }
                if (caughtUp.getCount() > 0 && RegistryTopic.reached(c, end)) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            if (!closed) {
                failure = e;
                LOG.error("model registry consumer of {} stopped", topic, e);
            }
        } finally {
            caughtUp.countDown();
        }
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
