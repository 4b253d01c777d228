package io.catstream.registry;

/**
 * What one record of the model topic turned out to be: an accepted {@link PublishedModel}, an accepted
 * {@link Activation}, or a {@link Refusal} with its reason. Bad records are values, never exceptions.
 */
public sealed interface RegistryRecord permits PublishedModel, Activation, Refusal {

    /** The record's model name, or null when not even the key could be read. */
    String name();
}
