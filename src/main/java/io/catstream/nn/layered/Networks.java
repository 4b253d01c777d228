package io.catstream.nn.layered;

/** Which class trains which architecture: the one place a new kind of network is plugged in. */
public final class Networks {

    private Networks() {
    }

    /**
     * The factory for {@code architecture}: dense-only networks run on the article's code ({@link DenseNetwork}),
     * whose GEMM is tuned for its wide first layer; networks with convolutions on {@link LayeredNetwork} (He init).
     */
    public static NetworkFactory factoryFor(Architecture architecture, Initialisation init) {
        if (architecture.isDenseOnly()) {
            return (arch, seed) -> DenseNetwork.initialise(arch, seed, init);
        }
        return LayeredNetwork::initialise;
    }
}
