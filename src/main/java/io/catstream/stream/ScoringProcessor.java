package io.catstream.stream;

import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One image record in, exactly one outcome out: a {@link Label} (clean headers) or a {@link DeadLetter} carrying
 * the original headers plus the {@code catstream.dlq.*} ones. The record timestamp is kept, so labels and the
 * accuracy windows follow the time the image was produced.
 */
final class ScoringProcessor implements Processor<String, byte[], String, ScoreOutcome> {

    private final Scorer scorer;
    private final Clock clock;
    private ProcessorContext<String, ScoreOutcome> context;

    ScoringProcessor(Scorer scorer, Clock clock) {
        this.scorer = scorer;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, ScoreOutcome> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        DeadLetter.Source source = DeadLetter.Source.of(context);
        ScoreOutcome outcome = scorer.score(record.key(), record.value(), record.headers(), record.timestamp(), source);
        if (outcome instanceof DeadLetter dead) {
            context.forward(record.withValue((ScoreOutcome) dead).withHeaders(dead.headers(record.headers(), clock.instant())));
        } else {
            context.forward(record.withValue(outcome).withHeaders(new RecordHeaders()));
        }
    }
}
