package io.catstream.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.catstream.nn.layered.Classifier;
import java.lang.ref.Cleaner;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * An ONNX model scored by ONNX Runtime (CPU, float32) as a {@link Classifier}: it takes the same preprocessed
 * features as every catstream model (S·S·3 values, H·W·C order, after the model's own scaling and standardisation),
 * reorders them into the graph's {@link TensorLayout}, runs the graph on one image and turns the output into p(cat)
 * with the {@link OutputRule}.
 * <p>
 * Thread-safe: one session is shared by every calling thread (ONNX Runtime allows concurrent {@code run} calls on
 * a session and, with one intra-op thread, runs each on its caller's thread); each thread has its own input buffer.
 * The native session is released by {@link #close()} or, when nobody closes it (a model swapped out while stream
 * threads may still hold it), once the classifier is unreachable.
 */
public final class OnnxClassifier implements Classifier, AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();
    public static final int CHANNELS = 3;

    private final OrtSession session;
    private final String inputName;
    private final TensorLayout layout;
    private final OutputRule rule;
    private final int imageSize;
    private final int inputSize;
    private final long[] shape;
    private final ThreadLocal<float[]> input;
    private final Cleaner.Cleanable cleanable;

    private OnnxClassifier(OrtSession session, String inputName, OnnxGraph graph, int imageSize) {
        this.session = session;
        this.inputName = inputName;
        this.layout = graph.layout();
        this.rule = graph.output();
        this.imageSize = imageSize;
        this.inputSize = CHANNELS * imageSize * imageSize;
        this.shape = layout.shape(1, imageSize, CHANNELS);
        this.input = ThreadLocal.withInitial(() -> new float[inputSize]);
        this.cleanable = CLEANER.register(this, new SessionCloser(session));
    }

    /**
     * Opens a session on the graph and checks its signature: one float input of shape [1 or dynamic, the image in
     * {@code layout}], one float output with as many values per image as the rule needs (when the graph says).
     *
     * @throws OnnxModelException with the problem, when ONNX Runtime refuses the bytes or the signature does not fit
     */
    public static OnnxClassifier open(OnnxGraph graph, int imageSize) {
        OrtSession session;
        try {
            session = OnnxSessions.open(graph.bytesReadOnly());
        } catch (OrtException e) {
            throw new OnnxModelException(problemOf(e), "ONNX Runtime cannot load the model (" + e.getCode() + "): "
                    + firstLine(e.getMessage()), e);
        } catch (LinkageError e) {
            // the native library failed to load (ExceptionInInitializerError once, NoClassDefFoundError after)
            throw new OnnxModelException(OnnxProblem.RUNTIME_UNAVAILABLE, "ONNX Runtime does not load on "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (catstream's jar ships its "
                    + "linux-x64 native library only, docs/onnx.md): " + e, e);
        }
        try {
            String inputName = checkInput(session, graph.layout(), imageSize);
            checkOutput(session, graph.output());
            return new OnnxClassifier(session, inputName, graph, imageSize);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** A missing operator or domain is its own problem; anything else ORT refuses is an unreadable model. */
    static OnnxProblem problemOf(OrtException e) {
        String message = String.valueOf(e.getMessage());
        boolean missingOperator = e.getCode() == OrtException.OrtErrorCode.ORT_NOT_IMPLEMENTED
                || message.contains("is not a registered function/op")
                || message.contains("No opset import for domain")
                || message.contains("Could not find an implementation");
        return missingOperator ? OnnxProblem.UNSUPPORTED_OPERATOR : OnnxProblem.UNREADABLE;
    }

    private static String checkInput(OrtSession session, TensorLayout layout, int imageSize) {
        Map<String, NodeInfo> inputs;
        try {
            inputs = session.getInputInfo();
        } catch (OrtException e) {
            throw new OnnxModelException(OnnxProblem.UNREADABLE, "cannot read the model's inputs: " + e.getMessage(), e);
        }
        long[] expected = layout.shape(1, imageSize, CHANNELS);
        String wanted = "one float input of shape " + Arrays.toString(expected) + " (" + layout + ", batch 1 or dynamic)";
        if (inputs.size() != 1) {
            throw new OnnxModelException(OnnxProblem.INPUT_MISMATCH, "the model has " + inputs.size() + " inputs "
                    + inputs.keySet() + ", catstream feeds " + wanted);
        }
        NodeInfo info = inputs.values().iterator().next();
        if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new OnnxModelException(OnnxProblem.INPUT_MISMATCH, "input '" + info.getName() + "' is " + info.getInfo()
                    + ", catstream feeds " + wanted);
        }
        long[] actual = tensor.getShape();
        boolean fits = actual.length == expected.length;
        for (int i = 0; fits && i < actual.length; i++) {
            // -1: a dynamic (symbolic) dimension, which the contract fixes
            fits = actual[i] == -1 || actual[i] == expected[i];
        }
        if (!fits) {
            throw new OnnxModelException(OnnxProblem.INPUT_MISMATCH, "input '" + info.getName() + "' has shape "
                    + Arrays.toString(actual) + " (-1 = dynamic), catstream feeds " + wanted
                    + ": check --image-size and --layout");
        }
        return info.getName();
    }

    private static void checkOutput(OrtSession session, OutputRule rule) {
        Map<String, NodeInfo> outputs;
        try {
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw new OnnxModelException(OnnxProblem.UNREADABLE, "cannot read the model's outputs: " + e.getMessage(), e);
        }
        if (outputs.size() != 1) {
            throw new OnnxModelException(OnnxProblem.OUTPUT_MISMATCH, "the model has " + outputs.size() + " outputs "
                    + outputs.keySet() + ", catstream reads one (output rule " + rule + ")");
        }
        NodeInfo info = outputs.values().iterator().next();
        if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            throw new OnnxModelException(OnnxProblem.OUTPUT_MISMATCH, "output '" + info.getName() + "' is "
                    + info.getInfo() + ", catstream reads a float tensor");
        }
        long[] dims = tensor.getShape();
        long perImage = 1;
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] < 0) {
                return; // dynamic: the probe checks the real count
            }
            perImage *= dims[i];
        }
        if (!rule.fits(perImage)) {
            throw new OnnxModelException(OnnxProblem.OUTPUT_MISMATCH, "output '" + info.getName() + "' has shape "
                    + Arrays.toString(dims) + " = " + perImage + " values per image, but output rule " + rule + " needs "
                    + (rule.kind() == OutputRule.Kind.SOFTMAX ? "at least " + Math.max(2, rule.index() + 1) : "exactly 1"));
        }
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    public int imageSize() {
        return imageSize;
    }

    @Override
    public void probabilities(double[] examples, int count, double[] out) {
        Classifier.checkBatch(inputSize, examples, count, out);
        for (int e = 0; e < count; e++) {
            float[] values = outputOf(examples, e * inputSize);
            out[e] = rule.probability(values, 0, values.length);
        }
    }

    /**
     * The probability of one example, checked as validation does before a model is used: the output has as many
     * values as the rule needs, and the probability is finite and in [0, 1].
     *
     * @throws OnnxModelException ({@link OnnxProblem#OUTPUT_MISMATCH} or {@link OnnxProblem#NOT_A_PROBABILITY})
     */
    public double checkedProbability(double[] example) {
        float[] values = outputOf(example, 0);
        if (!rule.fits(values.length)) {
            throw new OnnxModelException(OnnxProblem.OUTPUT_MISMATCH, "the output has " + values.length
                    + " values per image, output rule " + rule + " needs " + (rule.kind() == OutputRule.Kind.SOFTMAX
                    ? "at least " + Math.max(2, rule.index() + 1) : "exactly 1"));
        }
        double p = rule.probability(values, 0, values.length);
        if (!(p >= 0 && p <= 1)) {
            throw new OnnxModelException(OnnxProblem.NOT_A_PROBABILITY, "output rule " + rule + " gives " + p
                    + " on the probe image (output " + Arrays.toString(Arrays.copyOf(values, Math.min(values.length, 4)))
                    + "), not a probability in [0, 1]" + (rule.kind() == OutputRule.Kind.SIGMOID
                    ? ": if the model outputs a logit, import it with --output logit" : ""));
        }
        return p;
    }

    private float[] outputOf(double[] examples, int offset) {
        float[] x = input.get();
        layout.fill(examples, offset, imageSize, CHANNELS, x);
        try (OnnxTensor tensor = OnnxTensor.createTensor(OnnxSessions.environment(), FloatBuffer.wrap(x), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxValue value = result.get(0);
            FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score an image: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            OnnxSessions.close(session);
        } catch (OrtException | RuntimeException ignored) {
            // nothing to do: the session was never handed out
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Closes the session; holds no reference to the classifier, so the classifier can become unreachable. */
    private record SessionCloser(OrtSession session) implements Runnable {
        @Override
        public void run() {
            closeQuietly(session);
        }
    }
}
