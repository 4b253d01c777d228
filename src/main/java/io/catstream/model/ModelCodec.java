package io.catstream.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.nn.NetworkShape;
import io.catstream.nn.Parameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads the model format of {@code docs/model-format.md}: the same bytes serve as a file and as
 * a Kafka record value.
 * <pre>
 *   offset 0   8 bytes  magic "CATMODEL" (ASCII)
 *          8   uint32 LE format version (1)
 *         12   uint32 LE header length H
 *         16   H bytes   header: UTF-8 JSON object, space-padded so the parameters start 8-byte aligned
 *       16+H   parameters: W1, b1, ..., WL, bL as little-endian float64, C order, offsets in the header
 * </pre>
 * {@link #decode} throws only {@link InvalidModelException}, whatever the bytes, and allocates no more than
 * the input's size before it has checked that the announced sections are really there.
 */
public final class ModelCodec {

    public static final int FORMAT_VERSION = 1;
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
        ParameterLayout layout = ParameterLayout.of(model.shape());
        byte[] parameters = layout.toBytes(model.parameters());
        byte[] json = ModelHeader.bytes(ModelHeader.toJson(model, FORMAT_VERSION, layout, Sha256.hex(parameters)));
        int headerLength = json.length + padding(PREFIX_BYTES + json.length);
        long total = (long) PREFIX_BYTES + headerLength + parameters.length;
        if (total > MAX_BYTES) {
            throw new IllegalArgumentException("a model of shape " + model.shape() + " needs " + total
                    + " bytes, more than one Java array holds");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(FORMAT_VERSION).putInt(headerLength).put(json);
        while (out.position() < PREFIX_BYTES + headerLength) {
            out.put((byte) ' ');
        }
        out.put(parameters);
        return out.array();
    }

    private static int padding(int length) {
        return (ALIGNMENT - length % ALIGNMENT) % ALIGNMENT;
    }

    /** Reads and fully checks a model: structure, checksum, dims, contract, finiteness. */
    public static ModelArtifact decode(byte[] bytes) {
        try {
            Framed framed = frame(bytes);
            ModelHeader.Fields header = ModelHeader.fields(framed.header());
            if (header.formatVersion() != framed.formatVersion()) {
                throw ModelHeader.bad("header formatVersion " + header.formatVersion() + " differs from the prefix's "
                        + framed.formatVersion(), null);
            }
            ParameterLayout layout = checkLayout(header, framed);
            String actual = Sha256.hex(bytes, framed.parametersStart(), framed.parametersLength());
            if (!actual.equals(header.parametersSha256())) {
                throw new InvalidModelException(Reason.CHECKSUM_MISMATCH, "the parameters hash to " + actual
                        + " but the header says " + header.parametersSha256() + ": the model is corrupt, fetch it again");
            }
            Parameters parameters = layout.read(bytes, framed.parametersStart());
            ModelArtifact model;
            try {
                model = new ModelArtifact(header.name(), header.input(), header.training(), header.extra(), parameters);
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

    /**
     * The header as pretty JSON and whether the parameters match their checksum, for people looking at a
     * file that may be invalid. Throws {@link InvalidModelException} only when there is no header to show.
     */
    public static ModelInspection inspect(byte[] bytes) {
        Framed framed = frame(bytes);
        JsonNode stated = framed.header().get("parametersSha256");
        String actual = Sha256.hex(bytes, framed.parametersStart(), framed.parametersLength());
        InvalidModelException problem = null;
        try {
            decode(bytes);
        } catch (InvalidModelException e) {
            problem = e;
        }
        return new ModelInspection(ModelHeader.pretty(framed.header()), framed.formatVersion(),
                stated == null || !stated.isTextual() ? null : stated.textValue(), actual,
                framed.parametersLength(), problem);
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
        if (version != FORMAT_VERSION) {
            throw new InvalidModelException(Reason.UNKNOWN_FORMAT_VERSION, "format version " + version
                    + ", this reader knows version " + FORMAT_VERSION + "; upgrade catstream to read it");
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
     * The header's array table must be exactly W1, b1, ..., WL, bL with shapes that follow dims, fill exactly
     * the bytes after the header, and lie contiguously in that order. Sizes are compared with what is there
     * before any arithmetic that could overflow and before anything is allocated.
     */
    private static ParameterLayout checkLayout(ModelHeader.Fields header, Framed framed) {
        NetworkShape shape = header.shape();
        int[] dims = shape.dims();
        List<ParameterLayout.Entry> stated = header.arrays();
        if (stated.size() != 2 * shape.layers()) {
            throw ModelHeader.bad("arrays lists " + stated.size() + " arrays, but dims " + shape + " need "
                    + 2 * shape.layers() + " (W1, b1, ..., W" + shape.layers() + ", b" + shape.layers() + ")", null);
        }
        for (int i = 0; i < stated.size(); i++) {
            int l = i / 2 + 1;
            boolean weights = i % 2 == 0;
            String name = (weights ? "W" : "b") + l;
            int rows = dims[l];
            int cols = weights ? dims[l - 1] : 1;
            ParameterLayout.Entry s = stated.get(i);
            if (!s.name().equals(name)) {
                throw ModelHeader.bad("arrays[" + i + "] is '" + s.name() + "', expected '" + name + "'", null);
            }
            if (s.rows() != rows || s.cols() != cols) {
                throw new InvalidModelException(Reason.DIMS_DO_NOT_CHAIN, name + " has shape [" + s.rows() + ", "
                        + s.cols() + "] but dims " + shape + " need [" + rows + ", " + cols + "]");
            }
        }
        long available = framed.parametersLength();
        long needed = 0;
        for (int l = 1; l <= shape.layers(); l++) {
            long count = (long) dims[l] * dims[l - 1] + dims[l]; // < 2^63: no overflow
            if (count > (available - needed) / Double.BYTES) {
                throw truncated("header and parameters of dims " + shape, "at least " + (framed.parametersStart() + needed
                        + Double.BYTES * Math.min(count, Long.MAX_VALUE / 16)), framed.parametersStart() + available);
            }
            needed += Double.BYTES * count;
        }
        if (needed < available) {
            throw new InvalidModelException(Reason.TRAILING_BYTES, (available - needed)
                    + " bytes follow the parameters of dims " + shape + "; the model is corrupt");
        }
        ParameterLayout expected = ParameterLayout.of(shape);
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
