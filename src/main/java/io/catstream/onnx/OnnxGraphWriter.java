package io.catstream.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX {@code ModelProto} (IR version 7, opset 13, default domain) from nodes, float initializers and one
 * float input and output. Field numbers from onnx/onnx.proto: ModelProto ir_version 1, producer_name 2,
 * producer_version 3, graph 7, opset_import 8; OperatorSetIdProto domain 1, version 2; GraphProto node 1, name 2,
 * initializer 5, input 11, output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute 5; AttributeProto
 * name 1, i 3, ints 8, type 20 (INT 2, INTS 7); TensorProto dims 1, data_type 2 (FLOAT 1), name 8, raw_data 9
 * (little-endian); ValueInfoProto name 1, type 2; TypeProto tensor_type 1; TypeProto.Tensor elem_type 1, shape 2;
 * TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2.
 */
public final class OnnxGraphWriter {

    public static final int OPSET = 13;
    static final int IR_VERSION = 7;
    private static final int FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private int nodeCount;

    /** An attribute of a node: an int, or a list of ints. */
    public record Attribute(String name, long[] ints, boolean list) {
        public static Attribute of(String name, long value) {
            return new Attribute(name, new long[] {value}, false);
        }

        public static Attribute ints(String name, long... values) {
            return new Attribute(name, values, true);
        }
    }

    /** A node of the default domain: {@code opType(inputs) -> output}. */
    public OnnxGraphWriter node(String opType, List<String> nodeInputs, String output, Attribute... attributes) {
        ProtoWriter node = new ProtoWriter();
        nodeInputs.forEach(i -> node.string(1, i));
        node.string(2, output).string(3, opType.toLowerCase() + "_" + nodeCount++).string(4, opType);
        for (Attribute a : attributes) {
            ProtoWriter attribute = new ProtoWriter().string(1, a.name());
            if (a.list()) {
                attribute.int64s(8, a.ints()).int32(20, ATTRIBUTE_INTS);
            } else {
                attribute.int64(3, a.ints()[0]).int32(20, ATTRIBUTE_INT);
            }
            node.message(5, attribute);
        }
        nodes.add(node);
        return this;
    }

    /** A float32 constant (weights), stored as raw little-endian bytes. */
    public OnnxGraphWriter initializer(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        initializers.add(new ProtoWriter().int64s(1, dims).int32(2, FLOAT).string(8, name).bytes(9, raw.array()));
        return this;
    }

    /** The graph's float input; a dimension of -1 is written as the symbolic {@code batch}. */
    public OnnxGraphWriter input(String name, long... dims) {
        inputs.add(valueInfo(name, dims));
        return this;
    }

    public OnnxGraphWriter output(String name, long... dims) {
        outputs.add(valueInfo(name, dims));
        return this;
    }

    private static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            shape.message(1, d < 0 ? new ProtoWriter().string(2, "batch") : new ProtoWriter().int64(1, d));
        }
        ProtoWriter tensor = new ProtoWriter().int32(1, FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }

    /** The serialized ModelProto. */
    public byte[] toBytes(String graphName, String producerVersion) {
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, graphName);
        initializers.forEach(i -> graph.message(5, i));
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        return new ProtoWriter()
                .int64(1, IR_VERSION)
                .string(2, "catstream")
                .string(3, producerVersion)
                .message(7, graph)
                .message(8, new ProtoWriter().string(1, "").int64(2, OPSET))
                .toBytes();
    }
}
