package io.catstream.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The JSON Schemas of {@code topics/schemas/} (draft 2020-12) and the checks of real records against them, with
 * the networknt validator (format assertions on, so {@code date-time} is checked too). Headers are checked as the
 * schemas describe them: a JSON object of header name to its last value as UTF-8 text.
 */
public final class RecordSchemas {

    /** The folder of the schemas, relative to the checkout (the tests' working directory). */
    public static final Path DIR = Path.of("topics", "schemas");

    public static final String LABEL_VALUE = "image-labels.value";
    public static final String ACCURACY_VALUE = "model-accuracy.value";
    public static final String DEAD_LETTER_HEADERS = "images-dlq.headers";
    public static final String ACTIVATION_VALUE = "model-weights.activation.value";
    public static final String MODEL_WEIGHTS_HEADERS = "model-weights.headers";
    public static final String MODEL_FILE_HEADER = "model-file.header";
    public static final String CHALLENGER_VALUE = "model-weights.challenger.value";
    public static final String DECISION_VALUE = "model-weights.decision.value";
    public static final String LABELLED_PREDICTION_VALUE = "labelled-predictions.value";
    public static final String TRUTH_VALUE = "image-truth.value";
    public static final String TRUTH_DEAD_LETTER_HEADERS = "truth-dlq.headers";
    public static final String SHADOW_PREDICTION_VALUE = "shadow-predictions.value";

    /** Every schema file, by the name above. */
    public static final List<String> ALL = List.of(LABEL_VALUE, ACCURACY_VALUE, DEAD_LETTER_HEADERS, ACTIVATION_VALUE,
            MODEL_WEIGHTS_HEADERS, MODEL_FILE_HEADER, CHALLENGER_VALUE, DECISION_VALUE, LABELLED_PREDICTION_VALUE, TRUTH_VALUE,
            TRUTH_DEAD_LETTER_HEADERS, SHADOW_PREDICTION_VALUE);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private RecordSchemas() {
    }

    public static Path file(String name) {
        return DIR.resolve(name + ".schema.json");
    }

    /** The text of schema {@code name}. */
    public static String text(String name) {
        try {
            return Files.readString(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with {@code json} under schema {@code name}: empty when it is valid. */
    public static List<String> errors(String name, byte[] json) {
        Schema schema = SCHEMAS.computeIfAbsent(name, n -> REGISTRY.getSchema(text(n), InputFormat.JSON));
        return schema.validate(new String(json, StandardCharsets.UTF_8), InputFormat.JSON).stream()
                .map(Error::toString).toList();
    }

    /** What is wrong with {@code headers}, as the JSON object of {@link #headersJson}, under schema {@code name}. */
    public static List<String> errors(String name, Headers headers) {
        return errors(name, headersJson(headers));
    }

    /** The {@code enum} of the property {@code property} of schema {@code name}, as text: the codes it lists. */
    public static List<String> listedValues(String name, String property) {
        try {
            JsonNode values = JSON.readTree(text(name)).path("properties").path(property).path("enum");
            List<String> listed = new ArrayList<>();
            values.forEach(v -> listed.add(v.asText()));
            return listed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with schema {@code name} itself under the draft 2020-12 meta-schema: empty when it is valid. */
    public static List<String> metaSchemaErrors(String name) {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
        return meta.validate(text(name), InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /**
     * The JSON header of a model file or version record value (docs/model-format.md): {@code H} bytes from offset 16,
     * {@code H} the little-endian uint32 at offset 12, without the spaces that pad it.
     */
    public static byte[] modelFileHeader(byte[] modelFile) {
        int length = ByteBuffer.wrap(modelFile, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return new String(modelFile, 16, length, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
    }

    /** Headers as the schemas describe them: {@code {"name": "last value as UTF-8 text", ...}}. */
    public static byte[] headersJson(Headers headers) {
        ObjectNode node = JSON.createObjectNode();
        for (Header h : headers) {
            node.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of {@code headers} with header {@code name} set to {@code value} alone: to break a real record. */
    public static Headers withHeader(Headers headers, String name, String value) {
        Headers copy = withoutHeader(headers, name);
        copy.add(name, value.getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    /** A copy of {@code headers} without header {@code name}. */
    public static Headers withoutHeader(Headers headers, String name) {
        RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.remove(name);
        return copy;
    }

    /** Asserts that {@code json} is valid under schema {@code name}, showing the record and every error if not. */
    public static void assertValid(String name, byte[] json) {
        assertThat(errors(name, json)).as("%s against %s", new String(json, StandardCharsets.UTF_8), file(name)).isEmpty();
    }

    public static void assertValid(String name, Headers headers) {
        assertValid(name, headersJson(headers));
    }

    /**
     * Asserts that {@code real} is valid under schema {@code name} and that it is not once {@code change} has been
     * made to it: a real record with one break, so the break is what the schema refuses.
     */
    public static void assertInvalidAfter(String name, byte[] real, Consumer<ObjectNode> change) {
        assertValid(name, real);
        ObjectNode node;
        try {
            node = (ObjectNode) JSON.readTree(real);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        change.accept(node);
        assertThat(errors(name, node.toString().getBytes(StandardCharsets.UTF_8))).as("%s must be invalid under %s", node,
                file(name)).isNotEmpty();
    }
}
