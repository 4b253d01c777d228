package io.catstream.nn.layered;

/** How a fresh network's weights are drawn (biases start at 0 in both). */
public enum Initialisation {
    /** The article's {@code randn(n_l, n_{l-1}) / √n_{l-1}}, NumPy-equal for a seed. */
    ARTICLE,
    /** He et al. for ReLU layers: {@code randn · √(2 / n_{l-1})}, which keeps activations' variance through the layers. */
    HE
}
