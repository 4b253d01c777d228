/**
 * The recipes' update rules: {@link io.catstream.train.optim.Optimizer} with {@link io.catstream.train.optim.Sgd}
 * (with momentum) and {@link io.catstream.train.optim.Adam}, plus {@link io.catstream.train.optim.WeightDecay} (L2
 * on the weights) and {@link io.catstream.train.optim.LearningRateSchedule} (constant, step, cosine).
 *
 * <p>May depend on {@code nn.layered} (the parameter arrays' specs) only.
 */
package io.catstream.train.optim;
