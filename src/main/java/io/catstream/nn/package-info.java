/**
 * The article's network, as the article writes it: {@code [LINEAR -> RELU] × (L-1) -> LINEAR -> SIGMOID}, its
 * cross-entropy cost and full-batch gradient descent, float64 on EJML matrices.
 *
 * <p>Entry classes: {@link io.catstream.nn.NetworkShape} and {@link io.catstream.nn.Parameters} (the values),
 * {@link io.catstream.nn.Forward}, {@link io.catstream.nn.Backward}, {@link io.catstream.nn.Cost} and
 * {@link io.catstream.nn.GradientDescent} (the article's steps), {@link io.catstream.nn.FullBatchDescent} with its
 * two implementations {@link io.catstream.nn.PlainDescent} (the reference) and {@link io.catstream.nn.GramDescent}
 * (the same updates through the Gram matrix), {@link io.catstream.nn.SingleExampleForward} (the scorer's
 * allocation-free forward pass) and {@link io.catstream.nn.LabelledExamples} (examples as rows).
 *
 * <p>May depend on {@code linalg} (kernels) and {@code numpy} (seeded initialisation) only; networks beyond the
 * article's live in {@link io.catstream.nn.layered}, which builds on this package, never the other way round.
 */
package io.catstream.nn;
