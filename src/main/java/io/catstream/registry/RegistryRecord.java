package io.catstream.registry;

/**
 * What one record of the model topic turned out to be: an accepted {@link PublishedModel}, {@link Activation},
 * {@link Challenger} or {@link GateDecision}, or a {@link Refusal} with its reason. Bad records are values, never exceptions.
 */
public sealed interface RegistryRecord permits PublishedModel, Activation, Challenger, GateDecision, Refusal {

    /** The record's model name, or null when not even the key could be read. */
    String name();
}
