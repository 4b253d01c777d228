/**
 * {@code catstream serve} wired together: the validated configuration and the app that runs the scoring topology
 * with its metrics registry and HTTP endpoints, and closes them in order.
 *
 * <p>Entry classes: {@link io.catstream.serve.ScoringConfig} (everything the scorer needs, validated once at the
 * edge; change it through its {@code Builder}) and {@link io.catstream.serve.ScoringApp} (owns the
 * {@code KafkaStreams} instance, the meters and the {@code web} endpoints); {@link io.catstream.serve.StartupTimeline}
 * logs where each start-up went (issue #18).
 *
 * <p>May depend on {@code stream}, {@code web}, {@code registry} (to hear of accepted models), {@code kafka},
 * {@code metrics}, {@code image} and {@code model} (the {@code ScoringEngine} setting, which {@code Classifiers} reads).
 */
package io.catstream.serve;
