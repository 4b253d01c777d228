/**
 * Label-preserving changes of training images, drawn anew for every example of every mini-batch: flips, shifts,
 * zooms and colour jitter, in place on examples stored as rows.
 *
 * <p>Entry classes: {@link io.catstream.train.augment.Augmentations} (a recipe's list, parsed from
 * {@code --augment}) and {@link io.catstream.train.augment.Augmentation} (one change).
 *
 * <p>May depend on {@code nn.layered} (the example's tensor shape) only.
 */
package io.catstream.train.augment;
