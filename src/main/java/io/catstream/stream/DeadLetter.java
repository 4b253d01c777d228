package io.catstream.stream;

import io.catstream.image.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * An input record the scorer could not label, bound for {@code images-dlq}: its original key, bytes and
 * headers, plus {@code catstream.dlq.*} headers saying why (docs/streaming.md). Replayable as it is.
 *
 * @param reason     stable code, also the {@code reason} tag of {@code catstream_images_dead_lettered_total}:
 *                   an image {@code RejectReason} code, {@code no-model} or {@code internal-error}
 * @param message    for people: what was wrong and what to do
 * @param errorClass the exception that said so, or null
 * @param original   the record value as received (may be null)
 */
public record DeadLetter(String reason, String message, String errorClass, Source source, byte[] original)
        implements ScoreOutcome {

    public static final String REASON_HEADER = "catstream.dlq.reason";
    public static final String MESSAGE_HEADER = "catstream.dlq.message";
    public static final String ERROR_CLASS_HEADER = "catstream.dlq.error-class";
    public static final String SOURCE_TOPIC_HEADER = "catstream.dlq.source-topic";
    public static final String SOURCE_PARTITION_HEADER = "catstream.dlq.source-partition";
    public static final String SOURCE_OFFSET_HEADER = "catstream.dlq.source-offset";
    public static final String AT_HEADER = "catstream.dlq.at";

    /** No model named {@code --model-name} was active when the record arrived. */
    public static final String NO_MODEL = "no-model";
    /** A bug: scoring threw something other than an image rejection. */
    public static final String INTERNAL_ERROR = "internal-error";

    /** Every reason a dead letter of the scorer can carry. */
    public static List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        for (RejectReason r : RejectReason.values()) {
            reasons.add(r.code());
        }
        reasons.add(NO_MODEL);
        reasons.add(INTERNAL_ERROR);
        return reasons;
    }

    /** Where the record was read: topic, partition, offset (-1 when unknown). */
    public record Source(String topic, int partition, long offset) {
        public static final Source UNKNOWN = new Source("", -1, -1);

        /** Where the record a processor is processing was read, or {@link #UNKNOWN} (a punctuation, say). */
        static Source of(ProcessorContext<?, ?> context) {
            return context.recordMetadata().map(m -> new Source(m.topic(), m.partition(), m.offset())).orElse(UNKNOWN);
        }
    }

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
    }

    /** The original headers followed by the {@code catstream.dlq.*} headers (any earlier ones replaced). */
    public Headers headers(Headers originalHeaders, Instant at) {
        RecordHeaders headers = new RecordHeaders();
        if (originalHeaders != null) {
            for (Header h : originalHeaders) {
                if (!h.key().startsWith("catstream.dlq.")) {
                    headers.add(h.key(), h.value());
                }
            }
        }
        put(headers, REASON_HEADER, reason);
        put(headers, MESSAGE_HEADER, message);
        if (errorClass != null) {
            put(headers, ERROR_CLASS_HEADER, errorClass);
        }
        put(headers, SOURCE_TOPIC_HEADER, source.topic());
        put(headers, SOURCE_PARTITION_HEADER, Integer.toString(source.partition()));
        put(headers, SOURCE_OFFSET_HEADER, Long.toString(source.offset()));
        put(headers, AT_HEADER, at.toString());
        return headers;
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value of {@code header} in {@code headers} as text, or null. */
    public static String header(Headers headers, String header) {
        Header h = headers.lastHeader(header);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && reason.equals(d.reason) && message.equals(d.message)
                && Objects.equals(errorClass, d.errorClass) && source.equals(d.source) && Arrays.equals(original, d.original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, message, errorClass, source, Arrays.hashCode(original));
    }

    @Override
    public String toString() {
        return "DeadLetter[" + reason + ": " + message + ", " + source + ", "
                + (original == null ? "null value" : original.length + " bytes") + "]";
    }
}
