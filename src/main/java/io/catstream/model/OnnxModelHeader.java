package io.catstream.model;

import static io.catstream.model.JsonFields.construct;
import static io.catstream.model.JsonFields.expect;
import static io.catstream.model.JsonFields.longValue;
import static io.catstream.model.JsonFields.object;
import static io.catstream.model.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.onnx.OutputRule;
import io.catstream.onnx.TensorLayout;
import java.util.Map;

/**
 * The JSON header of a format-version-3 model file, an imported ONNX model (docs/model-format.md, "Version 3"):
 * the fields every model has ({@code name}, {@code input}, {@code training}, {@code extra}), {@code kind: "onnx"},
 * and {@code onnx} = {@code {layout, output, bytes}}; {@code parametersSha256} hashes the ONNX bytes that follow
 * the header.
 */
final class OnnxModelHeader {

    static final String KIND = "onnx";

    /** What a version-3 header says, before the ONNX bytes are read. */
    record Fields(String name, InputContract input, TrainingFacts training, Map<String, String> extra,
                  TensorLayout layout, OutputRule output, long onnxBytes, String parametersSha256) {
    }

    private OnnxModelHeader() {
    }

    static ObjectNode toJson(ModelArtifact model, String onnxSha256) {
        ObjectNode root = ModelHeader.newObject();
        root.put("format", ModelHeader.FORMAT);
        root.put("formatVersion", ModelCodec.ONNX_FORMAT_VERSION);
        root.put("name", model.name());
        root.put("kind", KIND);
        root.set("input", ModelHeader.inputJson(model.input()));
        ObjectNode onnx = root.putObject("onnx");
        onnx.put("layout", model.onnx().layout().token());
        onnx.put("output", model.onnx().output().token());
        onnx.put("bytes", model.onnx().size());
        root.put("parametersSha256", onnxSha256);
        ModelHeader.putTrainingAndExtra(root, model);
        return root;
    }

    static Fields fields(JsonNode root) {
        expect(root, "format", ModelHeader.FORMAT);
        expect(root, "kind", KIND);
        String name = text(root, "name");
        InputContract input = ModelHeader.input(object(root, "input"));
        JsonNode onnx = object(root, "onnx");
        TensorLayout layout = construct("onnx.layout", () -> TensorLayout.parse(text(onnx, "layout", "onnx")));
        OutputRule output = construct("onnx.output", () -> OutputRule.parse(text(onnx, "output", "onnx")));
        long bytes = longValue(onnx, "bytes", "onnx");
        if (bytes <= 0) {
            throw ModelHeader.bad("onnx.bytes must be positive, got " + bytes, null);
        }
        String sha = text(root, "parametersSha256");
        if (!Sha256.isHex(sha)) {
            throw ModelHeader.bad("parametersSha256 must be 64 lowercase hex digits, got '" + sha + "'", null);
        }
        return new Fields(name, input, ModelHeader.training(object(root, "training")), ModelHeader.extra(root.get("extra")),
                layout, output, bytes, sha);
    }
}
