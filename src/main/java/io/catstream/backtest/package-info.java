/**
 * The backtest before going live (issue #14): a model re-scored on the retained images that have truth, compared with
 * what the champion said about the same images, judged by McNemar's exact test. {@link io.catstream.backtest.Backtest}
 * is the one entry ({@code catstream backtest}, {@code publish --backtest}, and the retraining loop call it); its result
 * is a {@link io.catstream.model.BacktestResult}, which a model header can carry.
 *
 * <p>May depend on {@code kafka}, {@code image}, {@code nn.layered}, {@code model}, {@code registry} (the champion),
 * {@code gate} (the statistics), {@code train} (the progress bar), {@code stream} (the labelled-prediction format) and
 * {@code dataset} (the images with truth, read by the same rules as a training set).
 */
package io.catstream.backtest;
