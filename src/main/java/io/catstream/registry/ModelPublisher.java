package io.catstream.registry;

import io.catstream.kafka.RecordLimits;
import io.catstream.kafka.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes versions and activation pointers of one model name, race-free. Its transactional id is
 * {@code catstream-publisher-<name>}: {@code initTransactions()} (in the constructor, before anything is read)
 * fences every other publisher of the same name and completes their open transactions; only then is the topic
 * read (read_committed) to its end to find the highest version, and the new version record and its activation
 * pointer are written in one transaction. Two concurrent publishers therefore never both write version N: the
 * fenced one fails with {@code ProducerFencedException} and writes nothing.
 * <p>
 * Every record is run through {@link ModelRecordValidator} (with the signer's public key) before it is sent,
 * so a publisher never writes what a consumer would refuse.
 */
public final class ModelPublisher implements AutoCloseable {

    /** The result of a publish: what was written, how big and how long it took. */
    public record Published(PublishedModel model, Activation activation, Challenger challenger, int recordBytes,
                            Duration readToEnd, Duration writeAndCommit) {
    }

    /** What a new version becomes: the champion (today's default), the challenger, or neither. */
    public enum Role {
        CHAMPION, CHALLENGER, NONE
    }

    /** A record refused before anything was written. */
    public static final class RefusedException extends RuntimeException {
        private final Refusal refusal;

        public RefusedException(Refusal refusal) {
            super(refusal.toString());
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final KafkaSettings settings;
    private final String topic;
    private final String name;
    private final RecordSigner signer;
    private final Clock clock;
    private final ModelRecordValidator selfCheck;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;

    /** Connects and fences other publishers of {@code name}; {@code signer} may be null (unsigned records). */
    public ModelPublisher(KafkaSettings settings, String topic, String name, RecordSigner signer, Clock clock, Duration timeout) {
        this.settings = settings;
        this.topic = topic;
        this.name = RegistryKey.active(name).name();
        this.signer = signer;
        this.clock = clock;
        this.timeout = timeout;
        this.selfCheck = new ModelRecordValidator(signer == null ? null : signer.publicKey());
        this.producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(name),
                ProducerConfig.CLIENT_ID_CONFIG, "catstream-publisher-" + name,
                ProducerConfig.ACKS_CONFIG, "all",
                // a model record is ~7.9 MB (float64 weights) and they compress poorly: send them as they are
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(RecordLimits.builtIn().modelRecordBytes()),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())));
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    public static String transactionalId(String name) {
        return "catstream-publisher-" + name;
    }

    /**
     * Publishes {@code modelBytes} (a model file, unchanged) as the next version and, if {@code activate},
     * points {@code <name>@active} at it, in one transaction.
     *
     * @throws RefusedException when the record would be refused by a consumer (nothing is written)
     */
    public Published publish(byte[] modelBytes, boolean activate, String reason) {
        return publish(modelBytes, activate ? Role.CHAMPION : Role.NONE, reason);
    }

    /**
     * Publishes {@code modelBytes} as the next version and, in the same transaction, makes it the champion
     * ({@code <name>@active}) or the challenger ({@code <name>@challenger}, against the champion in force).
     *
     * @throws RefusedException when a record would be refused by a consumer, or a challenger has no champion to
     *                          challenge (nothing is written)
     */
    public Published publish(byte[] modelBytes, Role role, String reason) {
        long readStart = System.nanoTime();
        TopicState topicState = readTopic();
        Duration readToEnd = Duration.ofNanos(System.nanoTime() - readStart);
        int version = topicState.maxVersion + 1;
        Instant now = clock.instant();
        ProducerRecord<String, byte[]> versionRecord = ModelRecords.version(topic, name, version, modelBytes, now, signer);
        RegistryRecord checked = selfCheck.validate(versionRecord.key(), versionRecord.headers(), versionRecord.value(), -1);
        if (!(checked instanceof PublishedModel model)) {
            throw new RefusedException((Refusal) checked);
        }
        String keyId = signer == null ? null : signer.keyId();
        Activation activation = role == Role.CHAMPION
                ? new Activation(name, version, now, topicState.activeVersion, reason, keyId) : null;
        if (role == Role.CHALLENGER && topicState.activeVersion == null) {
            throw new RefusedException(new Refusal(RegistryKey.challenger(name).toString(), RefusalReason.BAD_CHALLENGER,
                    "'" + name + "' has no champion to challenge yet: publish its first version as the champion"));
        }
        Challenger challenger = role == Role.CHALLENGER
                ? new Challenger(name, version, now, reason, topicState.activeVersion, false, keyId) : null;
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(List.of(versionRecord));
        if (activation != null) {
            records.add(ModelRecords.activation(topic, activation, signer));
        }
        if (challenger != null) {
            records.add(ModelRecords.challenger(topic, challenger, signer));
        }
        long writeStart = System.nanoTime();
        RecordMetadata metadata = write(records);
        Duration write = Duration.ofNanos(System.nanoTime() - writeStart);
        PublishedModel written = new PublishedModel(model.name(), version, model.artifact(), now, model.sha256(),
                model.sizeBytes(), signer == null ? null : signer.keyId(), metadata.offset());
        int recordBytes = metadata.serializedKeySize() + metadata.serializedValueSize() + headerBytes(versionRecord);
        return new Published(written, activation, challenger, recordBytes, readToEnd, write);
    }

    /**
     * Points {@code <name>@active} at {@code version}, which must be on the topic and accepted by {@code validator}
     * (roll back or forward without retraining).
     *
     * @throws RefusedException when the version is missing or refused
     */
    public Activation activate(int version, String reason, ModelRecordValidator validator) {
        return activate(version, reason, false, validator);
    }

    /** As above; {@code pin}: a person fixes this version, the gate may not replace it ({@link ModelRegistry#isPinned}). */
    public Activation activate(int version, String reason, boolean pin, ModelRecordValidator validator) {
        ModelRegistry registry = load(validator);
        if (registry.version(name, version).isEmpty()) {
            throw new RefusedException(new Refusal(RegistryKey.version(name, version).toString(), RefusalReason.UNKNOWN_VERSION,
                    "version " + version + " of '" + name + "' is not on " + topic + " or was refused; have: "
                            + registry.versions(name).stream().map(PublishedModel::version).toList()));
        }
        Integer previous = registry.activation(name).map(Activation::version).orElse(null);
        Activation activation = new Activation(name, version, clock.instant(), previous, reason,
                signer == null ? null : signer.keyId()).withPinned(pin);
        write(List.of(ModelRecords.activation(topic, activation, signer)));
        return activation;
    }

    /** The registry as it is on the topic now, read to its end through {@code validator}. */
    ModelRegistry load(ModelRecordValidator validator) {
        return RegistryTopic.load(settings, topic, validator, null, timeout);
    }

    String topic() {
        return topic;
    }

    String name() {
        return name;
    }

    RecordSigner signer() {
        return signer;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Writes {@code records} in one transaction, after checking each pointer and decision with the validator consumers
     * use (version records are checked by {@link #publish}, which needs the result); returns the first one's metadata.
     *
     * @throws RefusedException when one of them would be refused (nothing is written)
     */
    RecordMetadata write(List<ProducerRecord<String, byte[]>> records) {
        for (ProducerRecord<String, byte[]> r : records) {
            if (!RegistryKey.parse(r.key()).isVersion() && selfCheck.validate(r.key(), r.headers(), r.value(), -1) instanceof Refusal refusal) {
                throw new RefusedException(refusal);
            }
        }
        producer.beginTransaction();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, byte[]> r : records) {
                sent.add(producer.send(r));
            }
            var last = sent.get(sent.size() - 1);
            producer.commitTransaction();
            RecordMetadata lastWritten = last.get();
            // commit returns before the broker has written the commit markers; until it has, read_committed
            // readers (the next publish's version count, 'models list') would not see this transaction yet
            RegistryTopic.awaitCommitted(settings, new TopicPartition(lastWritten.topic(), lastWritten.partition()),
                    lastWritten.offset(), timeout);
            return sent.get(0).get();
        } catch (KafkaException e) {
            abortQuietly();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly();
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            // unreachable after a successful commit, which waits for every send
            throw new IllegalStateException("send failed after commit: " + e.getCause(), e.getCause());
        }
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // fenced or closed: nothing was committed either way
        }
    }

    private record TopicState(int maxVersion, Integer activeVersion) {
    }

    /** Highest version key of this name (valid or not: a number is never reused) and the current pointer's version. */
    private TopicState readTopic() {
        int[] max = {0};
        Integer[] active = {null};
        RegistryTopic.readToEnd(settings, topic, timeout, (ConsumerRecord<String, byte[]> record) -> {
            RegistryKey key = RegistryKey.parse(record.key());
            if (key == null || !key.name().equals(name)) {
                return;
            }
            if (key.isVersion()) {
                max[0] = Math.max(max[0], key.version());
            } else if (key.isActivation() && record.value() != null) {
                try {
                    active[0] = Activation.parse(record.value(), null).activation().version();
                } catch (IllegalArgumentException e) {
                    // a bad pointer is not a previous version
                }
            }
        });
        return new TopicState(max[0], active[0]);
    }

    private static int headerBytes(ProducerRecord<String, byte[]> record) {
        int bytes = 0;
        for (var header : record.headers()) {
            bytes += header.key().length() + header.value().length;
        }
        return bytes;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
