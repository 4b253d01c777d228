package io.catstream.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Architecture;
import io.catstream.nn.layered.ParamSpec;
import io.catstream.onnx.OnnxGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads the model format of {@code docs/model-format.md}: the same bytes serve as a file and as
 * a Kafka record value.
 * <pre>
 *   offset 0   8 bytes  magic "CATMODEL" (ASCII)
 *          8   uint32 LE format version (1, or 2 for standardisation or convolutions)
 *         12   uint32 LE header length H
 *         16   H bytes   header: UTF-8 JSON object, space-padded so the parameters start 8-byte aligned
 *       16+H   parameters: W1, b1, ..., WL, bL as little-endian float64, C order, offsets in the header
 * </pre>
 * A dense-only model without standardisation is written as version 1, byte for byte as before version 2 existed,
 * so every reader of the article's models keeps working; anything else is version 2 (an {@code architecture}
 * field, {@code input.mean}/{@code input.std} as JSON numbers), which version-1 readers refuse as a newer format.
 * An imported ONNX model is version 3: the same prefix and JSON header ({@code kind: "onnx"}), then the ONNX
 * bytes, unchanged, where the parameters would be ({@link OnnxModelHeader}).
 * {@link #decode} throws only {@link InvalidModelException}, whatever the bytes, and allocates no more than
 * the input's size before it has checked that the announced sections are really there.
 */
public final class ModelCodec {

    /** The format of the article's models: dense layers ({@code dims}), no standardisation. */
    public static final int FORMAT_VERSION = 1;
    /** Adds the {@code architecture} (convolutions, pooling) and {@code input.mean}/{@code input.std}. */
    public static final int LAYERED_FORMAT_VERSION = 2;
    /** An imported ONNX model: the ONNX bytes and the contract to feed it (issue #15). */
    public static final int ONNX_FORMAT_VERSION = 3;
    static final byte[] MAGIC = "CATMODEL".getBytes(StandardCharsets.US_ASCII);
    static final int PREFIX_BYTES = 16;
    private static final int ALIGNMENT = 8;
    /** Largest byte[] a JVM reliably allocates. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private ModelCodec() {
    }

    /** The artifact as bytes; refuses (InvalidModelException) an artifact {@link ModelValidator} refuses. */
    public static byte[] encode(ModelArtifact model) {
        ModelValidator.validate(model);
        if (model.isOnnx()) {
            byte[] onnx = model.onnx().bytesReadOnly();
            return frame(model, ONNX_FORMAT_VERSION, ModelHeader.bytes(OnnxModelHeader.toJson(model, Sha256.hex(onnx))), onnx);
        }
        int version = formatVersionOf(model);
        ParameterLayout layout = ParameterLayout.of(model.architecture());
        byte[] parameters = layout.toBytes(model.arrays());
        return frame(model, version, ModelHeader.bytes(ModelHeader.toJson(model, version, layout, Sha256.hex(parameters))),
                parameters);
    }

    /** Prefix, header padded to 8-byte alignment, then the parameter section ({@code parameters}). */
    private static byte[] frame(ModelArtifact model, int version, byte[] json, byte[] parameters) {
        int headerLength = json.length + padding(PREFIX_BYTES + json.length);
        long total = (long) PREFIX_BYTES + headerLength + parameters.length;
        if (total > MAX_BYTES) {
            throw new IllegalArgumentException("a model of " + model.describeNetwork() + " needs " + total
                    + " bytes, more than one Java array holds");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(version).putInt(headerLength).put(json);
        while (out.position() < PREFIX_BYTES + headerLength) {
            out.put((byte) ' ');
        }
        out.put(parameters);
        return out.array();
    }

    /** 1 for the article's kind of model (dense, not standardised), so its bytes never change; 2 otherwise. */
    public static int formatVersionOf(ModelArtifact model) {
        if (model.isOnnx()) {
            return ONNX_FORMAT_VERSION;
        }
        return model.isDenseOnly() && !model.input().standardises() ? FORMAT_VERSION : LAYERED_FORMAT_VERSION;
    }

    private static int padding(int length) {
        return (ALIGNMENT - length % ALIGNMENT) % ALIGNMENT;
    }

    /** Reads and fully checks a model: structure, checksum, dims, contract, finiteness. */
    public static ModelArtifact decode(byte[] bytes) {
        try {
            Framed framed = frame(bytes);
            if (framed.formatVersion() == ONNX_FORMAT_VERSION) {
                return decodeOnnx(bytes, framed);
            }
            ModelHeader.Fields header = ModelHeader.fields(framed.header());
            if (header.formatVersion() != framed.formatVersion()) {
                throw ModelHeader.bad("header formatVersion " + header.formatVersion() + " differs from the prefix's "
                        + framed.formatVersion(), null);
            }
            if (header.formatVersion() == FORMAT_VERSION && header.input().standardises()) {
                throw new InvalidModelException(Reason.CONTRACT_MISMATCH, "input.mean/input.std are set in a version-1 "
                        + "file, whose contract has no standardisation (standardised models are version 2): the file is "
                        + "corrupt or was written by a broken tool");
            }
            ParameterLayout layout = checkLayout(header, framed);
            String actual = Sha256.hex(bytes, framed.parametersStart(), framed.parametersLength());
            if (!actual.equals(header.parametersSha256())) {
                throw new InvalidModelException(Reason.CHECKSUM_MISMATCH, "the parameters hash to " + actual
                        + " but the header says " + header.parametersSha256() + ": the model is corrupt, fetch it again");
            }
            NetworkWeights weights = readWeights(header.architecture(), layout, bytes, framed.parametersStart());
            ModelArtifact model;
            try {
                model = new ModelArtifact(header.name(), header.input(), header.training(), header.extra(), weights,
                        header.reference(), header.backtest());
            } catch (IllegalArgumentException e) {
                throw ModelHeader.bad(e.getMessage(), e);
            }
            return ModelValidator.validate(model);
        } catch (InvalidModelException e) {
            throw e;
        } catch (RuntimeException e) {
            // Defence in depth: whatever slipped past the checks above is still a refusal, not a crash.
            throw new InvalidModelException(Reason.BAD_HEADER, "unreadable model (" + e + ")", e);
        }
    }

    /** Version 3: the header's fields, then exactly {@code onnx.bytes} bytes that hash to {@code parametersSha256}. */
    private static ModelArtifact decodeOnnx(byte[] bytes, Framed framed) {
        JsonNode version = framed.header().get("formatVersion");
        if (version == null || !version.canConvertToInt() || version.intValue() != ONNX_FORMAT_VERSION) {
            throw ModelHeader.bad("header formatVersion " + version + " differs from the prefix's " + ONNX_FORMAT_VERSION, null);
        }
        OnnxModelHeader.Fields header = OnnxModelHeader.fields(framed.header());
        long available = framed.parametersLength();
        if (available < header.onnxBytes()) {
            throw truncated("header and ONNX model", framed.parametersStart() + header.onnxBytes(), bytes.length);
        }
        if (available > header.onnxBytes()) {
            throw new InvalidModelException(Reason.TRAILING_BYTES, (available - header.onnxBytes())
                    + " bytes follow the ONNX model's " + header.onnxBytes() + "; the model is corrupt");
        }
        String actual = Sha256.hex(bytes, framed.parametersStart(), framed.parametersLength());
        if (!actual.equals(header.parametersSha256())) {
            throw new InvalidModelException(Reason.CHECKSUM_MISMATCH, "the ONNX bytes hash to " + actual
                    + " but the header says " + header.parametersSha256() + ": the model is corrupt, fetch it again");
        }
        byte[] onnx = Arrays.copyOfRange(bytes, framed.parametersStart(), bytes.length);
        ModelArtifact model;
        try {
            model = ModelArtifact.ofOnnx(header.name(), header.input(), header.training(), header.extra(),
                    new OnnxGraph(onnx, header.layout(), header.output())).withBacktest(BacktestJson.fromHeader(framed.header()));
        } catch (IllegalArgumentException e) {
            throw ModelHeader.bad(e.getMessage(), e);
        }
        return ModelValidator.validate(model);
    }

    /** Reads the arrays straight into the object that keeps them: the article's matrices, or plain arrays. */
    private static NetworkWeights readWeights(Architecture architecture, ParameterLayout layout, byte[] bytes, int start) {
        if (architecture.isDenseOnly()) {
            Parameters parameters = Parameters.zeros(architecture.toNetworkShape());
            layout.read(bytes, start, NetworkWeights.denseArrays(parameters));
            return NetworkWeights.adopt(parameters);
        }
        List<double[]> arrays = new ArrayList<>();
        layout.entries().forEach(e -> arrays.add(new double[Math.toIntExact(e.count())]));
        layout.read(bytes, start, arrays);
        return NetworkWeights.adoptLayered(architecture, arrays);
    }

    /**
     * The header as pretty JSON and whether the parameters match their checksum, for people looking at a
     * file that may be invalid. Throws {@link InvalidModelException} only when there is no header to show.
     */
    public static ModelInspection inspect(byte[] bytes) {
        Framed framed = frame(bytes);
        JsonNode stated = framed.header().get("parametersSha256");
        String actual = Sha256.hex(bytes, framed.parametersStart(), framed.parametersLength());
        InvalidModelException problem = null;
        ModelArtifact model = null;
        try {
            model = decode(bytes);
        } catch (InvalidModelException e) {
            problem = e;
        }
        return new ModelInspection(ModelHeader.pretty(framed.header()), ModelHeader.prettySummary(framed.header()),
                framed.formatVersion(), stated == null || !stated.isTextual() ? null : stated.textValue(), actual,
                framed.parametersLength(), problem, model);
    }

    public static void write(Path file, ModelArtifact model) {
        byte[] bytes = encode(model);
        Path absolute = file.toAbsolutePath();
        try {
            // Write beside the target, then rename: a reader never sees half a model. (Not createTempFile:
            // its owner-only permissions would carry over to the model.)
            Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.write(temp, bytes);
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model file " + file + ": " + e, e);
        }
    }

    public static ModelArtifact read(Path file) {
        return decode(readBytes(file));
    }

    /** The file's bytes, refusing (TOO_LARGE) files no model can be before reading them. */
    public static byte[] readBytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new InvalidModelException(Reason.TOO_LARGE, file + " is " + size + " bytes; a model is at most "
                        + MAX_BYTES);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e, e);
        }
    }

    // ---- the frame: prefix, header, parameter section ----

    private record Framed(int formatVersion, JsonNode header, int parametersStart, int parametersLength) {
    }

    private static Framed frame(byte[] bytes) {
        int magicSeen = Math.min(bytes.length, MAGIC.length);
        if (!Arrays.equals(bytes, 0, magicSeen, MAGIC, 0, magicSeen)) {
            throw new InvalidModelException(Reason.BAD_MAGIC, "not a catstream model: it starts with "
                    + describe(Arrays.copyOf(bytes, magicSeen)) + ", expected \"CATMODEL\"");
        }
        if (bytes.length < PREFIX_BYTES) {
            throw truncated("magic, version and header length", PREFIX_BYTES, bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long version = Integer.toUnsignedLong(in.getInt(8));
        if (version != FORMAT_VERSION && version != LAYERED_FORMAT_VERSION && version != ONNX_FORMAT_VERSION) {
            throw new InvalidModelException(Reason.UNKNOWN_FORMAT_VERSION, "format version " + version
                    + ", this reader knows versions " + FORMAT_VERSION + " to " + ONNX_FORMAT_VERSION
                    + ": the model was written in a newer format; upgrade catstream to read it");
        }
        long headerLength = Integer.toUnsignedLong(in.getInt(12));
        // Compare against what is there before touching anything: a header claiming 4 GB costs nothing.
        if (PREFIX_BYTES + headerLength > bytes.length) {
            throw truncated("prefix and header", PREFIX_BYTES + headerLength, bytes.length);
        }
        if (headerLength == 0) {
            throw ModelHeader.bad("the header is empty", null);
        }
        JsonNode header = ModelHeader.parseTree(bytes, PREFIX_BYTES, (int) headerLength);
        int start = PREFIX_BYTES + (int) headerLength;
        return new Framed((int) version, header, start, bytes.length - start);
    }

    /**
     * The header's array table must be exactly the architecture's W1, b1, ..., WL, bL with the shapes that follow
     * from it, fill exactly the bytes after the header, and lie contiguously in that order. Sizes are compared with
     * what is there before any arithmetic that could overflow and before anything is allocated.
     */
    private static ParameterLayout checkLayout(ModelHeader.Fields header, Framed framed) {
        Architecture architecture = header.architecture();
        String network = architecture.isDenseOnly() ? "dims " + architecture.toNetworkShape() : "architecture " + architecture;
        List<ParamSpec> specs = architecture.parameters();
        List<ParameterLayout.Entry> stated = header.arrays();
        if (stated.size() != specs.size()) {
            throw ModelHeader.bad("arrays lists " + stated.size() + " arrays, but " + network + " need "
                    + specs.size() + " (W1, b1, ..., " + specs.get(specs.size() - 2).name() + ", "
                    + specs.get(specs.size() - 1).name() + ")", null);
        }
        for (int i = 0; i < stated.size(); i++) {
            ParamSpec spec = specs.get(i);
            ParameterLayout.Entry s = stated.get(i);
            if (!s.name().equals(spec.name())) {
                throw ModelHeader.bad("arrays[" + i + "] is '" + s.name() + "', expected '" + spec.name() + "'", null);
            }
            if (s.rows() != spec.rows() || s.cols() != spec.cols()) {
                throw new InvalidModelException(Reason.DIMS_DO_NOT_CHAIN, spec.name() + " has shape [" + s.rows() + ", "
                        + s.cols() + "] but " + network + " need [" + spec.rows() + ", " + spec.cols() + "]");
            }
        }
        long available = framed.parametersLength();
        long needed = 0;
        for (ParamSpec spec : specs) {
            long count = spec.count(); // int × int < 2^63: no overflow
            if (count > (available - needed) / Double.BYTES) {
                throw truncated("header and parameters of " + network, "at least " + (framed.parametersStart() + needed
                        + Double.BYTES * Math.min(count, Long.MAX_VALUE / 16)), framed.parametersStart() + available);
            }
            needed += Double.BYTES * count;
        }
        if (needed < available) {
            throw new InvalidModelException(Reason.TRAILING_BYTES, (available - needed)
                    + " bytes follow the parameters of " + network + "; the model is corrupt");
        }
        ParameterLayout expected = ParameterLayout.of(architecture);
        for (int i = 0; i < stated.size(); i++) {
            long offset = expected.entries().get(i).offset();
            if (stated.get(i).offset() != offset) {
                throw ModelHeader.bad(stated.get(i).name() + " starts at offset " + stated.get(i).offset() + ", expected "
                        + offset + " (arrays are contiguous, in order)", null);
            }
        }
        return expected;
    }

    private static InvalidModelException truncated(String part, long needed, long actual) {
        return truncated(part, Long.toString(needed), actual);
    }

    private static InvalidModelException truncated(String part, String needed, long actual) {
        return new InvalidModelException(Reason.TRUNCATED, "the model is cut short after " + actual + " bytes (" + part
                + ": " + needed + " bytes expected); fetch or copy it again");
    }

    private static String describe(byte[] start) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : start) {
            sb.append(b >= 0x20 && b < 0x7f && b != '"' ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return sb.append('"').toString();
    }
}
