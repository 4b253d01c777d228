package io.catstream.stream;

import io.catstream.metrics.TruthMetrics;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code image-truth} record in, one {@link TruthJoinInput} out: an {@link TruthJoinInput.Arrival} of truth, or a
 * {@link TruthJoinInput.Malformed} dead letter carrying the original headers plus the {@code catstream.dlq.*} ones,
 * counted by reason. Never throws for bad input.
 */
final class TruthReader implements Processor<String, byte[], String, TruthJoinInput> {

    private static final Logger LOG = LoggerFactory.getLogger(TruthReader.class);

    private final TruthMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, TruthJoinInput> context;

    TruthReader(TruthMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, TruthJoinInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        try {
            Truth truth = Truth.parse(record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()));
            context.forward(record.withValue((TruthJoinInput) new TruthJoinInput.Arrival(truth)).withHeaders(new RecordHeaders()));
        } catch (Truth.Rejected e) {
            DeadLetter.Source source = DeadLetter.Source.of(context);
            DeadLetter dead = new DeadLetter(e.reason(), e.getMessage(), null, source, record.value());
            metrics.deadLettered(e.reason());
            LOG.warn("truth record {} dead-lettered as {}: {}", source, e.reason(), e.getMessage());
            context.forward(record.withValue((TruthJoinInput) new TruthJoinInput.Malformed(dead))
                    .withHeaders(dead.headers(record.headers(), clock.instant())));
        }
    }
}
