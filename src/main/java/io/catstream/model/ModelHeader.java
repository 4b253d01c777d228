package io.catstream.model;

import static io.catstream.model.JsonFields.array;
import static io.catstream.model.JsonFields.construct;
import static io.catstream.model.JsonFields.doublesOrNull;
import static io.catstream.model.JsonFields.expect;
import static io.catstream.model.JsonFields.firstLine;
import static io.catstream.model.JsonFields.integer;
import static io.catstream.model.JsonFields.longValue;
import static io.catstream.model.JsonFields.number;
import static io.catstream.model.JsonFields.object;
import static io.catstream.model.JsonFields.optionalInt;
import static io.catstream.model.JsonFields.optionalLong;
import static io.catstream.model.JsonFields.optionalNumber;
import static io.catstream.model.JsonFields.optionalText;
import static io.catstream.model.JsonFields.text;
import static io.catstream.model.JsonFields.toInt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.LayerSpec;
import io.catstream.nn.layered.TensorShape;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a model file: written from an artifact, parsed back field by field. Unknown fields
 * are ignored (newer writers may add them); a missing or mistyped known field is {@link Reason#BAD_HEADER}.
 */
final class ModelHeader {

    static final String FORMAT = "catstream-model";
    static final String DTYPE = "float64";
    static final String BYTE_ORDER = "little";
    static final String ORDER = "C";

    /** Strict JSON: no NaN, no duplicate keys (a signed header must mean one thing), nothing after the object. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * What the header says, before the parameters are read. {@code architecture} comes from {@code dims} in version
     * 1 and from {@code architecture} in version 2.
     */
    record Fields(int formatVersion, String name, Architecture architecture, InputContract input, TrainingFacts training,
                  Map<String, String> extra, List<ParameterLayout.Entry> arrays, String parametersSha256,
                  ModelReference reference, BacktestResult backtest) {
    }

    private ModelHeader() {
    }

    static ObjectNode toJson(ModelArtifact model, int formatVersion, ParameterLayout layout, String parametersSha256) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", formatVersion);
        root.put("name", model.name());
        if (model.isDenseOnly()) {
            ArrayNode dims = root.putArray("dims");
            for (int d : model.shape().dims()) {
                dims.add(d);
            }
        }
        if (formatVersion >= 2) {
            root.set("architecture", architectureJson(model));
        }
        root.set("input", inputJson(model.input()));
        root.put("dtype", DTYPE);
        root.put("byteOrder", BYTE_ORDER);
        root.put("order", ORDER);
        ArrayNode arrays = root.putArray("arrays");
        for (ParameterLayout.Entry e : layout.entries()) {
            ObjectNode a = arrays.addObject();
            a.put("name", e.name());
            a.putArray("shape").add(e.rows()).add(e.cols());
            a.put("offset", e.offset());
            a.put("count", e.count());
        }
        root.put("parametersSha256", parametersSha256);
        putTrainingAndExtra(root, model);
        return root;
    }

    /** {@code training} and {@code extra} (sorted by key), the same in every format version. */
    static void putTrainingAndExtra(ObjectNode root, ModelArtifact model) {
        root.set("training", trainingJson(model.training()));
        ObjectNode extra = root.putObject("extra");
        model.extra().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> extra.put(e.getKey(), e.getValue()));
        if (model.reference() != null) {
            // optional, after everything else: a model without one is written byte for byte as before
            root.set(ReferenceJson.FIELD, ReferenceJson.toJson(model.reference()));
        }
        if (model.backtest() != null) {
            // optional, last: attached by publish --backtest, so the registry's signature over the value covers it
            root.set(BacktestJson.FIELD, BacktestJson.toJson(model.backtest()));
        }
    }

    static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    /**
     * {@code {"input": [H, W, C], "layers": ["conv16", "pool", ..., "dense1"]}}. A dense-only network is stored
     * flat in memory; its input is written as the contract's S×S×3 image, which is what it reads.
     */
    private static ObjectNode architectureJson(ModelArtifact model) {
        Architecture a = model.architecture();
        TensorShape in = a.isDenseOnly() && a.input().size() == model.input().featureCount()
                ? new TensorShape(model.input().imageSize(), model.input().imageSize(), model.input().channels().length())
                : a.input();
        ObjectNode n = JSON.createObjectNode();
        n.putArray("input").add(in.height()).add(in.width()).add(in.channels());
        ArrayNode layers = n.putArray("layers");
        a.layers().forEach(l -> layers.add(l.token()));
        return n;
    }

    static ObjectNode inputJson(InputContract input) {
        ObjectNode n = JSON.createObjectNode();
        n.put("imageSize", input.imageSize());
        n.put("channels", input.channels());
        n.put("layout", input.layout());
        n.put("divisor", input.divisor());
        n.put("resizeFilter", input.resizeFilter());
        putDoubles(n, "mean", input.mean());
        putDoubles(n, "std", input.std());
        return n;
    }

    private static void putDoubles(ObjectNode n, String field, double[] values) {
        if (values == null) {
            n.putNull(field);
        } else {
            ArrayNode a = n.putArray(field);
            for (double v : values) {
                a.add(v);
            }
        }
    }

    static ObjectNode trainingJson(TrainingFacts t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("recipe", t.recipe());
        n.put("iterations", t.iterations());
        n.put("learningRate", t.learningRate());
        n.put("seed", t.seed());
        n.put("finalCost", t.finalCost());
        n.put("trainAccuracy", t.trainAccuracy());
        n.put("testAccuracy", t.testAccuracy());
        n.put("trainExamples", t.trainExamples());
        n.put("testExamples", t.testExamples());
        n.put("dataFingerprint", t.dataFingerprint());
        n.put("trainingSeconds", t.trainingSeconds());
        n.put("createdAt", t.createdAt().toString());
        if (t.source() != null) {
            // optional, last: a model without lineage is written byte for byte as before
            n.set(LineageJson.FIELD, LineageJson.toJson(t.source()));
        }
        return n;
    }

    static byte[] bytes(JsonNode header) {
        try {
            return JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree built in memory must serialise", e);
        }
    }

    static String pretty(JsonNode header) {
        try {
            return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree must serialise", e);
        }
    }

    /** Longest mean/std array {@link #prettySummary} prints in full: per-channel statistics and tiny images. */
    private static final int SHOWN_VALUES = 12;

    /** As {@link #pretty}, with per-feature mean/std (3·S² numbers each) replaced by a note saying how many. */
    static String prettySummary(JsonNode header) {
        JsonNode input = header.get("input");
        if (input == null || !input.isObject()) {
            return pretty(header);
        }
        ObjectNode copy = header.deepCopy();
        ObjectNode in = (ObjectNode) copy.get("input");
        for (String field : new String[] {"mean", "std"}) {
            JsonNode values = in.get(field);
            if (values != null && values.isArray() && values.size() > SHOWN_VALUES) {
                in.put(field, values.size() + " numbers (per-feature standardisation), not shown");
            }
        }
        return pretty(copy);
    }

    /** Parses the header bytes into a JSON object; anything unreadable is {@link Reason#BAD_HEADER}. */
    static JsonNode parseTree(byte[] bytes, int offset, int length) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            throw bad("the header is not valid UTF-8 JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw bad("the header must be a JSON object, got " + (root == null ? "nothing" : root.getNodeType()), null);
        }
        return root;
    }

    static Fields fields(JsonNode root) {
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw bad("format is '" + format + "', expected '" + FORMAT + "'", null);
        }
        expect(root, "dtype", DTYPE);
        expect(root, "byteOrder", BYTE_ORDER);
        expect(root, "order", ORDER);
        int version = integer(root, "formatVersion", null);
        String name = text(root, "name");
        NetworkShape shape = root.has("dims") || version < 2 ? dims(root) : null;
        Architecture architecture = version < 2 ? Architecture.dense(shape) : architecture(object(root, "architecture"));
        if (shape != null && !(architecture.isDenseOnly() && architecture.toNetworkShape().equals(shape))) {
            throw bad("dims " + shape + " disagree with architecture " + architecture + " (dims is written for dense-only "
                    + "networks, as their layer sizes)", null);
        }
        InputContract input = input(object(root, "input"));
        TrainingFacts training = training(object(root, "training"));
        Map<String, String> extra = extra(root.get("extra"));
        List<ParameterLayout.Entry> arrays = new ArrayList<>();
        JsonNode arraysNode = array(root, "arrays");
        for (int i = 0; i < arraysNode.size(); i++) {
            JsonNode a = arraysNode.get(i);
            String where = "arrays[" + i + "]";
            JsonNode shapeNode = array(a, "shape", where);
            if (shapeNode.size() != 2) {
                throw bad(where + ".shape must have two dimensions, got " + shapeNode, null);
            }
            ParameterLayout.Entry entry = new ParameterLayout.Entry(text(a, "name", where),
                    toInt(shapeNode.get(0), where + ".shape[0]"), toInt(shapeNode.get(1), where + ".shape[1]"),
                    longValue(a, "offset", where));
            if (longValue(a, "count", where) != entry.count()) {
                throw bad(where + ".count is " + a.get("count") + " but shape " + shapeNode + " holds " + entry.count(), null);
            }
            arrays.add(entry);
        }
        String sha = text(root, "parametersSha256");
        if (!Sha256.isHex(sha)) {
            throw bad("parametersSha256 must be 64 lowercase hex digits, got '" + sha + "'", null);
        }
        return new Fields(version, name, architecture, input, training, extra, arrays, sha, ReferenceJson.fromHeader(root),
                BacktestJson.fromHeader(root));
    }

    private static NetworkShape dims(JsonNode root) {
        JsonNode dimsNode = array(root, "dims");
        int[] dims = new int[dimsNode.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = toInt(dimsNode.get(i), "dims[" + i + "]");
        }
        return construct("dims", () -> new NetworkShape(dims));
    }

    /** Version 2's architecture; the limits are checked before anything is derived from it (parameter shapes). */
    private static Architecture architecture(JsonNode n) {
        JsonNode inputNode = array(n, "input", "architecture");
        if (inputNode.size() != 3) {
            throw bad("architecture.input must be [height, width, channels], got " + inputNode, null);
        }
        int[] hwc = new int[3];
        for (int i = 0; i < 3; i++) {
            hwc[i] = toInt(inputNode.get(i), "architecture.input[" + i + "]");
        }
        JsonNode layersNode = array(n, "layers", "architecture");
        if (layersNode.size() > ModelValidator.MAX_LAYERS) {
            throw new InvalidModelException(Reason.NETWORK_TOO_LARGE, "architecture.layers has " + layersNode.size()
                    + " layers, at most " + ModelValidator.MAX_LAYERS);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < layersNode.size(); i++) {
            if (!layersNode.get(i).isTextual()) {
                throw bad("architecture.layers[" + i + "] must be a string such as \"conv16\", got " + layersNode.get(i), null);
            }
        }
        Architecture architecture;
        try {
            TensorShape input = new TensorShape(hwc[0], hwc[1], hwc[2]);
            for (JsonNode layer : layersNode) {
                LayerSpec spec = LayerSpec.parse(layer.textValue());
                if (spec.isNormalised()) {
                    throw new IllegalArgumentException(spec.token() + " is a training-time layer: a model stores batch "
                            + "normalisation folded into conv/dense layers");
                }
                layers.add(spec);
            }
            architecture = new Architecture(input, layers);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(Reason.BAD_ARCHITECTURE, "architecture " + n + ": " + e.getMessage(), e);
        }
        if (architecture.input().size() > ModelValidator.MAX_ACTIVATION_VALUES) {
            throw new InvalidModelException(Reason.NETWORK_TOO_LARGE, "architecture.input " + architecture.input()
                    + " holds more than " + ModelValidator.MAX_ACTIVATION_VALUES + " values");
        }
        ModelValidator.checkLimits(architecture);
        return architecture;
    }

    static InputContract input(JsonNode n) {
        return construct("input", () -> new InputContract(integer(n, "imageSize", "input"), text(n, "channels", "input"),
                text(n, "layout", "input"), number(n, "divisor", "input"), text(n, "resizeFilter", "input"),
                doublesOrNull(n, "mean"), doublesOrNull(n, "std")));
    }

    static TrainingFacts training(JsonNode n) {
        String createdAt = text(n, "createdAt", "training");
        Instant created;
        try {
            created = Instant.parse(createdAt);
        } catch (DateTimeParseException e) {
            throw bad("training.createdAt must be an ISO-8601 instant such as 2025-01-31T12:00:00Z, got '" + createdAt + "'", e);
        }
        return construct("training", () -> new TrainingFacts(text(n, "recipe", "training"),
                optionalInt(n, "iterations"), optionalNumber(n, "learningRate"), optionalLong(n, "seed"),
                optionalNumber(n, "finalCost"), optionalNumber(n, "trainAccuracy"), optionalNumber(n, "testAccuracy"),
                optionalInt(n, "trainExamples"), optionalInt(n, "testExamples"), optionalText(n, "dataFingerprint"),
                optionalNumber(n, "trainingSeconds"), created, LineageJson.fromTraining(n)));
    }

    static Map<String, String> extra(JsonNode n) {
        Map<String, String> extra = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return extra;
        }
        if (!n.isObject()) {
            throw bad("extra must be an object of strings, got " + n.getNodeType(), null);
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!e.getValue().isTextual()) {
                throw bad("extra." + e.getKey() + " must be a string, got " + e.getValue().getNodeType(), null);
            }
            extra.put(e.getKey(), e.getValue().textValue());
        }
        return extra;
    }

    static InvalidModelException bad(String detail, Throwable cause) {
        return JsonFields.bad(detail, cause);
    }
}
