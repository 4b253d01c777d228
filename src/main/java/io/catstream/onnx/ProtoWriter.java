package io.catstream.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protobuf message written field by field with protobuf-java's {@link CodedOutputStream}: catstream writes the
 * few ONNX messages it needs by their published field numbers (onnx/onnx.proto) instead of generated classes, which
 * no artifact on Maven Central provides for ONNX. Nested messages are written as length-delimited bytes.
 */
final class ProtoWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    ProtoWriter string(int field, String value) {
        return write(() -> out.writeString(field, value));
    }

    ProtoWriter int64(int field, long value) {
        return write(() -> out.writeInt64(field, value));
    }

    ProtoWriter int32(int field, int value) {
        return write(() -> out.writeInt32(field, value));
    }

    ProtoWriter bytes(int field, byte[] value) {
        return write(() -> out.writeByteArray(field, value));
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toBytes());
    }

    /** A repeated int64 field, one entry per value (proto2's default, unpacked encoding). */
    ProtoWriter int64s(int field, long... values) {
        for (long v : values) {
            int64(field, v);
        }
        return this;
    }

    byte[] toBytes() {
        write(out::flush);
        return bytes.toByteArray();
    }

    /** A write to the in-memory stream, which cannot really fail: its IOException becomes unchecked. */
    private interface Write {
        void run() throws IOException;
    }

    private ProtoWriter write(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
