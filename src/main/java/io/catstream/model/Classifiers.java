package io.catstream.model;

import io.catstream.nn.layered.Classifier;
import io.catstream.nn.layered.DenseClassifier;
import io.catstream.nn.layered.LayerSpec;
import io.catstream.nn.layered.LayeredNetwork;
import io.catstream.onnx.OnnxExport;
import io.catstream.onnx.OnnxGraph;
import io.catstream.onnx.OutputRule;
import io.catstream.onnx.TensorLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a model into the {@link Classifier} the scorer, {@code evaluate} and {@code predict}
 * call, whatever its layers, and that picks the {@link ScoringEngine}: an imported ONNX model through ONNX Runtime
 * ({@code io.catstream.onnx.OnnxClassifier}); a catstream network with convolutions, by default, exported to ONNX in
 * memory and scored by ONNX Runtime (measured 7.1× faster); a dense-only network (the article's) by catstream's
 * single-example path; {@link ScoringEngine#CATSTREAM} keeps catstream's own forward for every catstream network.
 * Build it once per model (the scorer does so at each swap) and close it when done with it
 * ({@link #close(Classifier)}): an ONNX Runtime session holds native memory.
 */
public final class Classifiers {

    private static final Logger LOG = LoggerFactory.getLogger(Classifiers.class);

    private Classifiers() {
    }

    /** {@link #of(ModelArtifact, ScoringEngine)} with {@link ScoringEngine#AUTO}. */
    public static Classifier of(ModelArtifact model) {
        return of(model, ScoringEngine.AUTO);
    }

    /**
     * @throws InvalidModelException for an ONNX model ONNX Runtime refuses (a validated model is not refused: the
     *                               validation opened the same graph with the same options), or for
     *                               {@link ScoringEngine#ONNX_RUNTIME} where ONNX Runtime does not load
     */
    public static Classifier of(ModelArtifact model, ScoringEngine engine) {
        if (model.isOnnx()) {
            return OnnxModels.classifier(model);
        }
        ScoringEngine chosen = chosen(model, engine);
        if (chosen == ScoringEngine.ONNX_RUNTIME) {
            try {
                return OnnxModels.classifier(exported(model), model.input().imageSize());
            } catch (InvalidModelException e) {
                if (engine == ScoringEngine.AUTO && e.reason() == InvalidModelException.Reason.ONNX_RUNTIME_UNAVAILABLE) {
                    // ONNX Runtime is only faster, never needed for a catstream network: score it with our own
                    LOG.warn("{}: scoring with catstream's engine instead of ONNX Runtime: {}", model.name(), e.getMessage());
                    return catstream(model);
                }
                throw e;
            }
        }
        return catstream(model);
    }

    /**
     * The engine that scores {@code model} when {@code engine} is asked for: ONNX Runtime for an imported ONNX
     * model; for {@link ScoringEngine#AUTO}, ONNX Runtime when the network has a convolution, else catstream's.
     */
    public static ScoringEngine chosen(ModelArtifact model, ScoringEngine engine) {
        if (model.isOnnx()) {
            return ScoringEngine.ONNX_RUNTIME;
        }
        if (engine != ScoringEngine.AUTO) {
            return engine;
        }
        boolean convolutional = !model.isDenseOnly()
                && model.architecture().layers().stream().anyMatch(layer -> layer instanceof LayerSpec.Conv);
        return convolutional ? ScoringEngine.ONNX_RUNTIME : ScoringEngine.CATSTREAM;
    }

    /** Releases what a classifier holds outside the heap (an ONNX Runtime session); nothing for catstream's engine. */
    public static void close(Classifier classifier) {
        if (classifier instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing a classifier failed: {}", e.toString());
            }
        }
    }

    private static Classifier catstream(ModelArtifact model) {
        if (model.isDenseOnly()) {
            return new DenseClassifier(model.parameters());
        }
        return LayeredNetwork.of(model.architecture(), model.arrays());
    }

    /**
     * export-onnx's graph without the standardisation: the scorer's preprocessing has already applied it (the
     * features are the same ones catstream's engine takes), so the graph starts at the first layer.
     */
    private static OnnxGraph exported(ModelArtifact model) {
        byte[] bytes = OnnxExport.of(model.architecture(), model.arrays(), model.input().imageSize(), null, "catstream-scorer");
        return new OnnxGraph(bytes, TensorLayout.NCHW, OutputRule.SIGMOID);
    }
}
