package io.catstream.stream;

import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.RegistryRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The global store processor over {@code model-weights}: every record, on every instance, goes through
 * {@link ModelRecordValidator} into the {@link ModelRegistry}, whose listeners swap the active model. Kafka Streams
 * also runs it while restoring the global store before the stream threads start, so a model published earlier is
 * active when the first image arrives. The store keeps only a one-line verdict per key (the registry holds the
 * models), so it stays small and is rebuilt from the topic at every start (in-memory, no checkpoint).
 */
final class ModelStoreProcessor implements Processor<String, byte[], Void, Void> {

    private final String storeName;
    private final ModelRecordValidator validator;
    private final ModelRegistry registry;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, String> verdicts;

    ModelStoreProcessor(String storeName, ModelRecordValidator validator, ModelRegistry registry) {
        this.storeName = storeName;
        this.validator = validator;
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.verdicts = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        RegistryRecord outcome = registry.accept(validator.validate(record.key(), record.headers(), record.value(), offset));
        String verdict = outcome instanceof PublishedModel m ? "accepted " + m.sha256() : outcome.toString();
        verdicts.put(String.valueOf(record.key()), verdict.length() > 500 ? verdict.substring(0, 500) : verdict);
    }
}
