package io.catstream.cli;

import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;

/** How commands name a model's network and input for people, the same way in every listing. */
final class ModelDescription {

    private ModelDescription() {
    }

    /** {@code 49152,20,7,5,1} (the dims of a dense network) or {@code conv16,pool,...,dense1} (the layers). */
    static String network(ModelArtifact model) {
        if (model.isOnnx()) {
            return model.describeNetwork();
        }
        return model.isDenseOnly() ? model.shape().toString() : model.architecture().layerTokens();
    }

    /** {@code 128x128 RGB, not standardised} or {@code 64x64 RGB, standardised per channel}. */
    static String input(ModelArtifact model) {
        InputContract in = model.input();
        return in.imageSize() + "x" + in.imageSize() + " " + in.channels() + ", " + in.describeStandardisation();
    }

    /** The lines {@code show-model} and {@code models show} print under the header. */
    static String lines(ModelArtifact model) {
        if (model.isOnnx()) {
            return "network: " + network(model) + " (scored by ONNX Runtime)" + System.lineSeparator()
                    + "input: " + input(model);
        }
        return "network: " + (model.isDenseOnly() ? "dense, dims " : "layers ") + network(model) + " on "
                + model.architecture().input() + " (" + model.architecture().parameterCount() + " parameters)"
                + System.lineSeparator() + "input: " + input(model);
    }
}
