package io.catstream.nn;

/** The article's training loop as written: forward, cost, backward, update, every matrix at full size. */
public final class PlainDescent implements FullBatchDescent {

    private final Parameters parameters;
    private final LabelledExamples batch;
    private final double learningRate;
    private final Workspace workspace;

    public PlainDescent(Parameters initial, LabelledExamples batch, double learningRate) {
        if (initial.shape().inputSize() != batch.featureCount()) {
            throw new IllegalArgumentException("the network takes " + initial.shape().inputSize()
                    + " inputs but the examples have " + batch.featureCount() + " features");
        }
        this.parameters = initial.copy();
        this.batch = batch;
        this.learningRate = learningRate;
        this.workspace = new Workspace(initial.shape(), batch.size());
    }

    @Override
    public double step() {
        Forward.propagate(parameters, batch.features(), workspace);
        double cost = Cost.crossEntropy(workspace.output(), batch.labels());
        Backward.propagate(parameters, batch, workspace);
        GradientDescent.update(parameters, workspace, learningRate);
        return cost;
    }

    @Override
    public Parameters parameters() {
        return parameters.copy();
    }
}
