package io.catstream.numpy;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives ({@code np.savez}): a zip of {@code NAME.npy} files.
 * Reading accepts float64, float32, integer, uint8 and bool arrays in C or Fortran order, stored or
 * deflated; everything becomes float64 in C order. Writing produces what {@code np.load} reads:
 * {@code <f8}, C order, stored entries, format 1.0 (2.0 when the header needs it).
 */
public final class Npz {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int CHUNK = 1 << 16;

    private Npz() {
    }

    /** All arrays of an archive, in archive order. */
    public static Map<String, NdArray> read(Path file) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - 4);
                try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), CHUNK)) {
                    arrays.put(name, readNpy(in, file + ":" + entry.getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read NumPy archive " + file + ": " + e.getMessage(), e);
        }
        return arrays;
    }

    /** Writes the arrays, in map order, as {@code NAME.npy} entries of a new archive. */
    public static void write(Path file, Map<String, NdArray> arrays) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), CHUNK);
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, NdArray> e : arrays.entrySet()) {
                byte[] header = npyHeader(e.getValue());
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                // np.savez stores without compression; STORED needs size and CRC before the data.
                long size = header.length + 8L * e.getValue().size();
                CRC32 crc = new CRC32();
                crc.update(header);
                forEachChunk(e.getValue().data(), crc::update);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(size);
                entry.setCompressedSize(size);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(header);
                forEachChunk(e.getValue().data(), (bytes, off, len) -> {
                    try {
                        zip.write(bytes, off, len);
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write NumPy archive " + file + ": " + e.getMessage(), e);
        }
    }

    private interface ByteSink {
        void accept(byte[] bytes, int offset, int length);
    }

    private static void forEachChunk(double[] data, ByteSink sink) {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buffer.clear();
            int n = Math.min(CHUNK / 8, data.length - i);
            buffer.asDoubleBuffer().put(data, i, n);
            sink.accept(buffer.array(), 0, n * 8);
            i += n;
        }
    }

    private static byte[] npyHeader(NdArray array) {
        int[] shape = array.shape();
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + "), }";
        // Version 1.0 keeps the header length in 2 bytes; total prefix is padded to a multiple of 64.
        int prefix = MAGIC.length + 2 + 2;
        int version = 1;
        if (prefix + dict.length() + 1 > 65535) {
            version = 2;
            prefix += 2;
        }
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        String padded = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        byte[] text = padded.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer header = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            header.putShort((short) text.length);
        } else {
            header.putInt(text.length);
        }
        header.put(text);
        return header.array();
    }

    static NdArray readNpy(InputStream stream, String where) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(where + " is not a .npy array (bad magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        int headerLength = major == 1
                ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                : Integer.reverseBytes(in.readInt());
        byte[] headerBytes = new byte[headerLength];
        in.readFully(headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, where);
        boolean fortran = group(FORTRAN, header, where).equals("True");
        int[] shape = Arrays.stream(group(SHAPE, header, where).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IOException(where + ": array of shape " + Arrays.toString(shape) + " is too large for one Java array");
        }
        double[] data = readValues(in, descr, (int) count, where);
        if (fortran && shape.length > 1) {
            data = fortranToC(data, shape);
        }
        return new NdArray(shape, data);
    }

    private static String group(Pattern pattern, String header, String where) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException(where + ": unreadable .npy header " + header.trim());
        }
        return m.group(1);
    }

    private static double[] readValues(DataInputStream in, String descr, int count, String where) throws IOException {
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        String type = descr.substring(1);
        int width = switch (type) {
            case "f8", "i8", "u8" -> 8;
            case "f4", "i4", "u4" -> 4;
            case "i2", "u2" -> 2;
            case "u1", "i1", "b1" -> 1;
            default -> throw new IOException(where + ": unsupported dtype '" + descr + "' (expected float, int or bool)");
        };
        double[] out = new double[count];
        byte[] chunk = new byte[CHUNK - CHUNK % width];
        int done = 0;
        while (done < count) {
            int n = Math.min(chunk.length / width, count - done);
            in.readFully(chunk, 0, n * width);
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, n * width).order(order);
            for (int i = 0; i < n; i++) {
                out[done + i] = switch (type) {
                    case "f8" -> b.getDouble();
                    case "f4" -> b.getFloat();
                    case "i8" -> b.getLong();
                    case "u8" -> unsignedLongToDouble(b.getLong());
                    case "i4" -> b.getInt();
                    case "u4" -> Integer.toUnsignedLong(b.getInt());
                    case "i2" -> b.getShort();
                    case "u2" -> Short.toUnsignedInt(b.getShort());
                    case "i1" -> b.get();
                    default -> Byte.toUnsignedInt(b.get()); // u1, b1
                };
            }
            done += n;
        }
        return out;
    }

    private static double unsignedLongToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    private static double[] fortranToC(double[] data, int[] shape) {
        // Only 2-D Fortran arrays occur in practice (transposed views saved by np.savez).
        if (shape.length != 2) {
            throw new IllegalArgumentException("Fortran-order arrays of more than two dimensions are not supported: "
                    + Arrays.toString(shape));
        }
        int rows = shape[0];
        int cols = shape[1];
        double[] c = new double[data.length];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                c[i * cols + j] = data[j * rows + i];
            }
        }
        return c;
    }
}
