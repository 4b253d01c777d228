package io.catstream.nn.net;

/** Which class trains which architecture: the one place a new kind of network is plugged in. */
public final class Networks {

    private Networks() {
    }

    /**
     * The factory for {@code architecture}: dense-only networks run on the article's code ({@link DenseNetwork});
     * convolutions need the layered network of the {@code engine} branch.
     *
     * @throws UnsupportedOperationException for an architecture no network class here can train yet
     */
    public static NetworkFactory factoryFor(Architecture architecture, Initialisation init) {
        if (architecture.isDenseOnly()) {
            return (arch, seed) -> DenseNetwork.initialise(arch, seed, init);
        }
        // once LayeredNetwork is merged: return LayeredNetwork::initialise;
        throw new UnsupportedOperationException("cannot train " + architecture.layerTokens()
                + " yet: convolution and pooling layers need LayeredNetwork, which this build does not have");
    }
}
