package io.catstream.cli;

import io.catstream.model.BacktestResult;
import io.catstream.model.DataLineage;
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
                    + "input: " + input(model) + lineage(model.training().source()) + backtest(model.backtest());
        }
        return "network: " + (model.isDenseOnly() ? "dense, dims " : "layers ") + network(model) + " on "
                + model.architecture().input() + " (" + model.architecture().parameterCount() + " parameters)"
                + System.lineSeparator() + "input: " + input(model) + lineage(model.training().source())
                + backtest(model.backtest());
    }

    /**
     * The backtest {@code publish --backtest} attached, two lines; empty without one:
     * <pre>
     * backtest: not-worse: 44 images, model 0.750, champion 0.727 (cats@1), … p(worse) 0.76, p(better) 0.50, alpha 0.05
     * backtest: 44 images with truth of cluster …, images 0:[0, 44) …, sha256 …, ran at …
     * </pre>
     */
    static String backtest(BacktestResult result) {
        if (result == null) {
            return "";
        }
        String nl = System.lineSeparator();
        return nl + result.summary().replaceFirst("^backtest ", "backtest: ") + nl + "backtest: "
                + BacktestReport.range(result) + ", ran at " + result.ranAt();
    }

    /**
     * The training data's lineage, one line per topic after a summary line; empty without one:
     * <pre>
     * data: kafka, cluster q1Sh-9_ISia_zwGINzRvyQ, cat 61, not-cat 59, left out {no-truth=3}, sha256 3f…
     * data: images 0:[0, 21) 1:[0, 19) …
     * </pre>
     */
    static String lineage(DataLineage source) {
        if (source == null) {
            return "";
        }
        String nl = System.lineSeparator();
        StringBuilder text = new StringBuilder(nl).append("data: ").append(source.kind());
        if (source.clusterId() != null) {
            text.append(", cluster ").append(source.clusterId());
        }
        source.classes().forEach((k, v) -> text.append(", ").append(k).append(' ').append(v));
        text.append(", left out ").append(source.leftOut().isEmpty() ? "none" : source.leftOut().toString());
        text.append(", sha256 ").append(source.sha256());
        source.ranges().stream().map(DataLineage.OffsetRange::topic).distinct().sorted().forEach(topic -> {
            text.append(nl).append("data: ").append(topic);
            source.rangesOf(topic).forEach(r -> text.append(' ').append(r.partition()).append(":[").append(r.from())
                    .append(", ").append(r.to()).append(')'));
        });
        return text.toString();
    }
}
