package io.catstream.train.augment;

import io.catstream.nn.layered.TensorShape;
import java.util.Random;

/**
 * A cheap, label-preserving change of one training image, drawn anew for every example of every mini-batch:
 * the network sees a slightly different picture of the same cat each epoch. Works in place on an example
 * stored as the network takes it (H, W, C row-major), after standardisation.
 */
public sealed interface Augmentation permits HorizontalFlip, RandomShift, ColourJitter, RandomZoom {

    /** Changes {@code examples[offset .. offset + shape.size())} in place, drawing from {@code random}. */
    void apply(double[] examples, int offset, TensorShape shape, Random random);

    /** The text {@link Augmentations#parse} reads back. */
    String token();
}
