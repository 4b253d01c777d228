package io.catstream.stream;

import io.catstream.metrics.ScoringMetrics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' error handlers for what the scorer's own code cannot see, so no bad record stops the app. They
 * use Kafka's dead-letter queue support (KIP-1034, {@code errors.dead.letter.queue.topic.name} = {@code images-dlq}):
 * the raw record goes there with Kafka's {@code __streams.errors.*} headers, and each event is counted in
 * {@code catstream_kafka_errors_total{kind}}. The metrics object arrives through the config map under
 * {@link #METRICS_CONFIG}.
 */
public final class StreamsErrorHandlers {

    /** Config key under which {@code ScoringApp} passes its {@link ScoringMetrics} to the handlers. */
    public static final String METRICS_CONFIG = "catstream.metrics";

    private static final Logger LOG = LoggerFactory.getLogger(StreamsErrorHandlers.class);

    private StreamsErrorHandlers() {
    }

    private static ScoringMetrics metrics(Map<String, ?> configs) {
        Object m = configs.get(METRICS_CONFIG);
        return m instanceof ScoringMetrics sm ? sm : null;
    }

    /** A key or value that cannot be deserialized: dead-lettered by Kafka, counted, and the app continues. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        private ScoringMetrics metrics;

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            metrics = metrics(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            if (metrics != null) {
                metrics.kafkaError("deserialization");
            }
            return super.handleError(context, record, exception);
        }
    }

    /** An exception thrown by a processor (the scorer catches its own; this is the last line). */
    public static final class Processing extends LogAndContinueProcessingExceptionHandler {
        private ScoringMetrics metrics;

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            metrics = metrics(configs);
        }

        @Override
        public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                              Exception exception) {
            if (metrics != null) {
                metrics.kafkaError("processing");
            }
            return super.handleError(context, record, exception);
        }
    }

    /**
     * A record the producer refused for good (say larger than the topic allows): logged, counted, skipped. Retriable
     * errors are retried by Kafka before they reach here.
     */
    public static final class Production implements ProductionExceptionHandler {
        private ScoringMetrics metrics;

        @Override
        public void configure(Map<String, ?> configs) {
            metrics = metrics(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            LOG.error("cannot write a record to {} (from {}-{} offset {}): {}; skipping it", record.topic(), context.topic(),
                    context.partition(), context.offset(), exception.toString());
            if (metrics != null) {
                metrics.kafkaError("production");
            }
            return Response.resume();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                                 SerializationExceptionOrigin origin) {
            LOG.error("cannot serialize a record for {} ({}): {}; skipping it", record.topic(), origin, exception.toString());
            if (metrics != null) {
                metrics.kafkaError("serialization");
            }
            return Response.resume();
        }
    }
}
