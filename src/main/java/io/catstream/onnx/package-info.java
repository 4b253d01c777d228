/**
 * Models from other frameworks through ONNX (docs/onnx.md): scoring an imported ONNX graph with ONNX Runtime
 * ({@link io.catstream.onnx.OnnxClassifier}, behind the same {@link io.catstream.nn.layered.Classifier} seam and the
 * same preprocessing as every model; {@link io.catstream.onnx.OnnxSessions} holds the session options), and writing
 * catstream's own networks as standard ONNX ({@link io.catstream.onnx.OnnxExport}, through
 * {@link io.catstream.onnx.OnnxGraphWriter} and {@link io.catstream.onnx.ProtoWriter}: the few ONNX protobuf
 * messages needed, by onnx.proto's field numbers). {@link io.catstream.onnx.OutputRule} and
 * {@link io.catstream.onnx.TensorLayout} are the input/output contract an import states.
 *
 * <p>May depend on {@code image}, {@code nn} and {@code nn.layered} only; {@code model} depends on it, not the other
 * way round.
 */
package io.catstream.onnx;
