/**
 * Networks built from layers, beyond the article's fixed dense stack: 3×3 convolutions, max and global average
 * pooling, batch normalisation, dropout and dense layers, trained one mini-batch at a time, and the
 * {@link io.catstream.nn.layered.Classifier} view of any trained network that the scorer, {@code evaluate} and
 * {@code predict} call.
 *
 * <p>Entry classes: {@link io.catstream.nn.layered.Architecture} and {@link io.catstream.nn.layered.LayerSpec}
 * (what {@code --arch} and the model file describe), {@link io.catstream.nn.layered.TrainableNetwork} (what the
 * recipe trainer moves), {@link io.catstream.nn.layered.Networks} (which class trains which architecture),
 * {@link io.catstream.nn.layered.LayeredNetwork} (the general engine), {@link io.catstream.nn.layered.DenseNetwork}
 * and {@link io.catstream.nn.layered.DenseClassifier} (the article's network in this shape) and
 * {@link io.catstream.nn.layered.Classifier#isCat} (the cat threshold, one place).
 *
 * <p>May depend on {@code nn}, {@code linalg} and {@code numpy} only.
 */
package io.catstream.nn.layered;
