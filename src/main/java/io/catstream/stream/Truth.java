package io.catstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * What someone found an image to be, arriving on {@code image-truth} (or in the image's {@code label} header): the
 * value {@code {"is_cat": true, "source": "moderator", "at": "2026-12-02T10:00:00Z"}} ({@code source} and {@code at}
 * optional), or one of the plain values {@code 1}, {@code 0}, {@code true}, {@code false}.
 *
 * @param isCat  the truth
 * @param source who said so ({@code "header"} for the image's own {@code label} header), or null
 * @param at     when it was said: the value's {@code at}, else the record's timestamp (to the millisecond)
 */
public record Truth(boolean isCat, String source, Instant at) {

    /** Source of truth that came in the image's {@code label} header (delay 0). */
    public static final String HEADER_SOURCE = "header";

    /** The record has no key: no image to join it with. */
    public static final String NO_KEY = "no-key";
    /** The record has no value (or a blank one). */
    public static final String EMPTY = "empty";
    /** Neither a truth object nor a plain value. */
    public static final String BAD_VALUE = "bad-value";
    /** {@code at} is not an ISO-8601 instant. */
    public static final String BAD_AT = "bad-at";

    private static final ObjectMapper JSON = new ObjectMapper();

    public Truth {
        at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS); // as the join stores it
    }

    /** Every reason a truth dead letter can carry (the {@code reason} tag of {@code catstream_truth_dead_lettered_total}). */
    public static List<String> reasons() {
        return List.of(NO_KEY, EMPTY, BAD_VALUE, BAD_AT);
    }

    /** A record of {@code image-truth} the scorer cannot use; {@link #reason()} is one of {@link #reasons()}. */
    public static final class Rejected extends Exception {
        private final String reason;

        Rejected(String reason, String message) {
            super(message, null, false, false); // bad data, not a bug: no stack trace
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Reads one {@code image-truth} record.
     *
     * @param recordTime the record's timestamp, the truth's time when the value has no {@code at}
     */
    public static Truth parse(String key, byte[] value, Instant recordTime) throws Rejected {
        if (key == null || key.isEmpty()) {
            throw new Rejected(NO_KEY, "a truth record needs the image id as its key");
        }
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new Rejected(EMPTY, "truth for '" + key + "' has " + (value == null ? "a null value" : "an empty value"));
        }
        Boolean plain = plain(text);
        if (plain != null) {
            return new Truth(plain, null, recordTime);
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            node = null;
        }
        JsonNode isCat = node == null ? null : node.get("is_cat");
        if (isCat == null || !isCat.isBoolean()) {
            throw new Rejected(BAD_VALUE, "truth for '" + key + "' is neither {\"is_cat\": true|false, …} nor 1/0/true/false: "
                    + abbreviate(text));
        }
        JsonNode source = node.get("source");
        JsonNode at = node.get("at");
        Instant when = recordTime;
        if (at != null && !at.isNull()) {
            try {
                when = Instant.parse(at.asText());
            } catch (DateTimeParseException e) {
                throw new Rejected(BAD_AT, "truth for '" + key + "' has \"at\": " + abbreviate(at.toString())
                        + ", not an ISO-8601 instant like 2026-12-02T10:00:00Z");
            }
        }
        return new Truth(isCat.booleanValue(), source == null || source.isNull() ? null : source.asText(), when);
    }

    private static Boolean plain(String text) {
        return switch (text) {
            case "1", "true" -> Boolean.TRUE;
            case "0", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
