package io.catstream.model;

import io.catstream.image.Standardisation;
import io.catstream.model.InvalidModelException.Reason;
import io.catstream.onnx.OnnxClassifier;
import io.catstream.onnx.OnnxGraph;
import io.catstream.onnx.OnnxModelException;
import io.catstream.onnx.OnnxProblem;

/**
 * An imported ONNX model's checks before use and its classifier, with ONNX Runtime's problems turned into the
 * refusal reasons every model has (so they are counted, logged and shown like the others).
 */
final class OnnxModels {

    private OnnxModels() {
    }

    /**
     * ONNX Runtime loads the graph with catstream's session options; it has one float input of the contract's image
     * shape in the declared layout and one output the rule can read; and on a probe image the rule gives a finite
     * probability in [0, 1]. The session is closed again: {@link Classifiers#of} opens the one that scores.
     */
    static void check(ModelArtifact model) {
        try (OnnxClassifier classifier = classifier(model)) {
            classifier.checkedProbability(probe(model.input()));
        } catch (OnnxModelException e) {
            throw refusal(e);
        }
    }

    /** A session on the model's graph, signature checked (not probed). */
    static OnnxClassifier classifier(ModelArtifact model) {
        return classifier(model.onnx(), model.input().imageSize());
    }

    /** A session on {@code graph} (an imported model's or a catstream network exported in memory), signature checked. */
    static OnnxClassifier classifier(OnnxGraph graph, int imageSize) {
        try {
            return OnnxClassifier.open(graph, imageSize);
        } catch (OnnxModelException e) {
            throw refusal(e);
        }
    }

    /**
     * A fixed, image-like probe: pixel values {@code (97·i mod 256) / 255} (every level from black to white, no two
     * neighbours equal), then the contract's standardisation, as the preprocessing would produce for a real image.
     */
    static double[] probe(InputContract input) {
        int count = Math.toIntExact(input.featureCount());
        double[] features = new double[count];
        for (int i = 0; i < count; i++) {
            features[i] = (97L * i % 256) / input.divisor();
        }
        Standardisation standardisation = input.standardisation();
        if (standardisation != null) {
            standardisation.apply(features, 0, count);
        }
        return features;
    }

    private static InvalidModelException refusal(OnnxModelException e) {
        return new InvalidModelException(reasonOf(e.problem()), e.getMessage(), e);
    }

    static Reason reasonOf(OnnxProblem problem) {
        return switch (problem) {
            case RUNTIME_UNAVAILABLE -> Reason.ONNX_RUNTIME_UNAVAILABLE;
            case UNREADABLE -> Reason.ONNX_UNREADABLE;
            case UNSUPPORTED_OPERATOR -> Reason.ONNX_UNSUPPORTED_OPERATOR;
            case INPUT_MISMATCH -> Reason.ONNX_INPUT_MISMATCH;
            case OUTPUT_MISMATCH -> Reason.ONNX_OUTPUT_MISMATCH;
            case NOT_A_PROBABILITY -> Reason.ONNX_NOT_A_PROBABILITY;
        };
    }
}
