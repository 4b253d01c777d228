package io.catstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.image.Standardisation;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.ParamSpec;
import io.catstream.nn.layered.TensorShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/** Models with random weights, and ways to corrupt their encodings, for tests. */
public final class TestModels {

    /** 4×4 RGB in: the smallest shape with a valid contract (3·4² = 48). */
    public static final NetworkShape SMALL = new NetworkShape(new int[] {48, 7, 5, 1});

    /** 8×8 RGB in, one convolution block, two dense layers: W1 4×27, b1, W2 3×64, b2, W3 1×3, b3 (391 values). */
    public static final Architecture CONV = Architecture.parse("conv4,pool,dense3,dense1", new TensorShape(8, 8, 3));

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestModels() {
    }

    public static Parameters randomParameters(NetworkShape shape, long seed) {
        Random random = new Random(seed);
        Parameters p = Parameters.zeros(shape);
        for (int l = 1; l <= shape.layers(); l++) {
            fill(p.weights(l).data, random);
            fill(p.bias(l).data, random);
        }
        return p;
    }

    private static void fill(double[] values, Random random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() / 10;
        }
    }

    public static TrainingFacts trainingFacts() {
        return new TrainingFacts("article-plain", 2500, 0.0075, 1L, 0.0883, 0.985, 0.8, 209, 50,
                "3f".repeat(32), 187.5, Instant.parse("2025-03-01T10:15:30.123456Z"));
    }

    /** Random arrays for {@code architecture}, one per {@link Architecture#parameters()} entry. */
    public static List<double[]> randomArrays(Architecture architecture, long seed) {
        Random random = new Random(seed);
        List<double[]> arrays = new ArrayList<>();
        for (ParamSpec spec : architecture.parameters()) {
            double[] values = new double[Math.toIntExact(spec.count())];
            fill(values, random);
            arrays.add(values);
        }
        return arrays;
    }

    /** A model of any architecture whose input is S×S×3 (S = the input's height), not standardised. */
    public static ModelArtifact randomLayered(Architecture architecture, long seed) {
        return ModelArtifact.of("cats-conv", InputContract.rgb(architecture.input().height()), trainingFacts(),
                Map.of("trainer", "catstream test"), architecture, randomArrays(architecture, seed));
    }

    /** Per-channel ({@code perChannel}) or per-feature statistics of random positive stds, for a contract of size S. */
    public static Standardisation randomStandardisation(int imageSize, boolean perChannel, long seed) {
        Random random = new Random(seed);
        int n = perChannel ? 3 : 3 * imageSize * imageSize;
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = random.nextDouble();
            std[i] = 0.05 + random.nextDouble() / 3;
        }
        return new Standardisation(mean, std);
    }

    /** {@code model} with {@code standardisation} in its input contract. */
    public static ModelArtifact standardised(ModelArtifact model, Standardisation standardisation) {
        return new ModelArtifact(model.name(), model.input().withStandardisation(standardisation), model.training(),
                model.extra(), model.weights());
    }

    public static ModelArtifact random(NetworkShape shape, long seed) {
        int imageSize = (int) Math.round(Math.sqrt(shape.inputSize() / 3.0));
        return new ModelArtifact("cats-v1", InputContract.rgb(imageSize), trainingFacts(),
                Map.of("trainer", "catstream test", "git", "abc123"), randomParameters(shape, seed));
    }

    // ---- corruption: work on the documented layout, not on the codec's internals ----

    public static int headerLength(byte[] model) {
        return ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    public static int parametersStart(byte[] model) {
        return 16 + headerLength(model);
    }

    public static ObjectNode header(byte[] model) {
        try {
            return (ObjectNode) JSON.readTree(model, 16, headerLength(model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same model with its header edited (and re-framed with the new header length). */
    public static byte[] withHeader(byte[] model, Consumer<ObjectNode> edit) {
        ObjectNode header = header(model);
        edit.accept(header);
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] parameters = Arrays.copyOfRange(model, parametersStart(model), model.length);
        ByteBuffer out = ByteBuffer.allocate(16 + json.length + parameters.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(model, 0, 12).putInt(json.length).put(json).put(parameters);
        return out.array();
    }

    /** The same model with parameter {@code index} (counting from W1[0,0]) set to {@code value}; checksum kept. */
    public static byte[] withParameter(byte[] model, int index, double value) {
        byte[] copy = model.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putDouble(parametersStart(model) + 8 * index, value);
        return copy;
    }

    /** Rewrites the header's checksum to match the parameter bytes, so a corruption reaches later checks. */
    public static byte[] withRecomputedChecksum(byte[] model) {
        String sha = Sha256.hex(model, parametersStart(model), model.length - parametersStart(model));
        return withHeader(model, h -> h.put("parametersSha256", sha));
    }

    /**
     * A version-3 (ONNX) model with {@code onnx} in place of its ONNX bytes, header ({@code onnx.bytes}, checksum)
     * updated: what a broken or hostile writer could publish, for the checks after the framing.
     */
    public static byte[] withOnnxPayload(byte[] model, byte[] onnx) {
        byte[] header = withHeader(model, h -> {
            ((ObjectNode) h.get("onnx")).put("bytes", onnx.length);
            h.put("parametersSha256", Sha256.hex(onnx));
        });
        int start = parametersStart(header);
        byte[] out = Arrays.copyOf(header, start + onnx.length);
        System.arraycopy(onnx, 0, out, start, onnx.length);
        return out;
    }

    public static byte[] withUint32(byte[] model, int offset, long value) {
        byte[] copy = model.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) value);
        return copy;
    }
}
