package io.catstream.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.catstream.model.InvalidModelException.Reason;

/**
 * Strict, typed reads of JSON header fields. Each refusal is {@link Reason#BAD_HEADER} and names the field
 * by its path (e.g. {@code training.createdAt}) and what was found instead.
 */
final class JsonFields {

    private JsonFields() {
    }

    interface Constructor<T> {
        T build();
    }

    /** Runs a record constructor, turning its IllegalArgumentException (a value out of range) into BAD_HEADER. */
    static <T> T construct(String field, Constructor<T> constructor) {
        try {
            return constructor.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw bad(field + ": " + e.getMessage(), e);
        }
    }

    static JsonNode required(JsonNode parent, String field, String where) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            throw bad("missing field " + path(where, field), null);
        }
        return n;
    }

    static String text(JsonNode parent, String field) {
        return text(parent, field, null);
    }

    static String text(JsonNode parent, String field, String where) {
        JsonNode n = required(parent, field, where);
        if (!n.isTextual()) {
            throw bad(path(where, field) + " must be a string, got " + n.getNodeType(), null);
        }
        return n.textValue();
    }

    static void expect(JsonNode root, String field, String expected) {
        String actual = text(root, field);
        if (!expected.equals(actual)) {
            throw bad(field + " is '" + actual + "' but this reader only reads '" + expected + "'", null);
        }
    }

    static int integer(JsonNode parent, String field, String where) {
        return toInt(required(parent, field, where), path(where, field));
    }

    static int toInt(JsonNode n, String what) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw bad(what + " must be an integer that fits 32 bits, got " + n, null);
        }
        return n.intValue();
    }

    static long longValue(JsonNode parent, String field, String where) {
        JsonNode n = required(parent, field, where);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw bad(path(where, field) + " must be a non-negative integer, got " + n, null);
        }
        return n.longValue();
    }

    static double number(JsonNode parent, String field, String where) {
        JsonNode n = required(parent, field, where);
        if (!n.isNumber()) {
            throw bad(path(where, field) + " must be a number, got " + n.getNodeType(), null);
        }
        return n.doubleValue();
    }

    static JsonNode optional(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() ? null : n;
    }

    static Integer optionalInt(JsonNode parent, String field) {
        JsonNode n = optional(parent, field);
        return n == null ? null : toInt(n, "training." + field);
    }

    static Long optionalLong(JsonNode parent, String field) {
        JsonNode n = optional(parent, field);
        if (n != null && (!n.isIntegralNumber() || !n.canConvertToLong())) {
            throw bad("training." + field + " must be an integer that fits 64 bits, got " + n, null);
        }
        return n == null ? null : n.longValue();
    }

    static Double optionalNumber(JsonNode parent, String field) {
        JsonNode n = optional(parent, field);
        if (n != null && !n.isNumber()) {
            throw bad("training." + field + " must be a number, got " + n.getNodeType(), null);
        }
        return n == null ? null : n.doubleValue();
    }

    static String optionalText(JsonNode parent, String field) {
        JsonNode n = optional(parent, field);
        if (n != null && !n.isTextual()) {
            throw bad("training." + field + " must be a string, got " + n.getNodeType(), null);
        }
        return n == null ? null : n.textValue();
    }

    static double[] doublesOrNull(JsonNode parent, String field) {
        JsonNode n = optional(parent, field);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw bad("input." + field + " must be an array of numbers or null, got " + n.getNodeType(), null);
        }
        double[] values = new double[n.size()];
        for (int i = 0; i < values.length; i++) {
            if (!n.get(i).isNumber()) {
                throw bad("input." + field + "[" + i + "] must be a number, got " + n.get(i).getNodeType(), null);
            }
            values[i] = n.get(i).doubleValue();
        }
        return values;
    }

    static JsonNode array(JsonNode parent, String field) {
        return array(parent, field, null);
    }

    static JsonNode array(JsonNode parent, String field, String where) {
        JsonNode n = required(parent, field, where);
        if (!n.isArray()) {
            throw bad(path(where, field) + " must be an array, got " + n.getNodeType(), null);
        }
        return n;
    }

    /** An optional section: null when absent or null, else an object ({@code where} names it in the refusal). */
    static JsonNode optionalObject(JsonNode parent, String field, String where) {
        JsonNode n = optional(parent, field);
        if (n != null && !n.isObject()) {
            throw bad(where + " must be an object or absent, got " + n.getNodeType(), null);
        }
        return n;
    }

    static JsonNode object(JsonNode parent, String field) {
        JsonNode n = required(parent, field, null);
        if (!n.isObject()) {
            throw bad(field + " must be an object, got " + n.getNodeType(), null);
        }
        return n;
    }

    static String path(String where, String field) {
        return where == null ? field : where + "." + field;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static InvalidModelException bad(String detail, Throwable cause) {
        return new InvalidModelException(Reason.BAD_HEADER, detail, cause);
    }
}
