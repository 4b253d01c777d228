/**
 * The scorer's numbers: every meter, named once (a documented contract, monitoring/exported-series.txt), and the
 * accuracy aggregate that becomes the {@code model-accuracy} records.
 *
 * <p>Entry classes: {@link io.catstream.metrics.ScoringMetrics} (the meters),
 * {@link io.catstream.metrics.ConfusionCounts} (labelled predictions of one model version) and
 * {@link io.catstream.metrics.AccuracyWindow} (one version over one window: the value of a {@code model-accuracy}
 * record), {@link io.catstream.metrics.DriftMetrics} (model health before truth: p(cat) histogram, estimated
 * accuracy, input drift and PSI per model version, docs/health.md), {@link io.catstream.metrics.ShadowMetrics}
 * (shadow scoring and model roles, docs/gate.md).
 *
 * <p>May depend on {@code model} only (a model's drift reference).
 */
package io.catstream.metrics;
