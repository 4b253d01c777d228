package io.catstream.nn.layered;

/** Makes a freshly initialised network of an architecture from a seed: what the recipe trainer trains. */
@FunctionalInterface
public interface NetworkFactory {

    TrainableNetwork create(Architecture architecture, long seed);
}
