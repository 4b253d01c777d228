package io.catstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reading and writing the JSON values of the pointer and decision records: every problem is an
 * {@link IllegalArgumentException} naming the field, which the validator turns into a refusal.
 */
final class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordJson() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value as a JSON object; {@code expected} lists its fields for the message. */
    static JsonNode parseObject(byte[] value, String expected) {
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object {" + expected + "}");
        }
        return node;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.textValue();
    }

    /** The field's text, "" when absent or null. */
    static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static boolean flag(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull() && !v.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false, got " + v);
        }
        return v != null && v.asBoolean();
    }

    static int version(JsonNode node, String field) {
        Integer v = optionalVersion(node, field);
        if (v == null) {
            throw new IllegalArgumentException("'" + field + "' must be an integer >= 1, got " + node.get(field));
        }
        return v;
    }

    /** A version >= 1, or null when the field is absent or null. */
    static Integer optionalVersion(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw new IllegalArgumentException("'" + field + "' must be null or an integer >= 1, got " + v);
        }
        return v.intValue();
    }

    static long count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new IllegalArgumentException("'" + field + "' must be an integer >= 0, got " + v);
        }
        return v.longValue();
    }

    static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, got " + v);
        }
        return v.doubleValue();
    }

    static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not an ISO-8601 instant: " + text, e);
        }
    }

    static Instant optionalInstant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : instant(node, field);
    }

    static void putVersion(ObjectNode node, String field, Integer version) {
        if (version == null) {
            node.putNull(field);
        } else {
            node.put(field, version);
        }
    }

    static void putInstant(ObjectNode node, String field, Instant at) {
        if (at == null) {
            node.putNull(field);
        } else {
            node.put(field, at.toString());
        }
    }
}
