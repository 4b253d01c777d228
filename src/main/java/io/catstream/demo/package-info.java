/**
 * {@code catstream demo}: the whole system in one process (docs/demo.md): a KRaft broker, the topics, model v1
 * (the article's network) published, the scorer with its web view, a steady stream of images whose truth comes
 * 2–20 s later on image-truth (or in their label header), and v2 (a convolutional network) trained meanwhile,
 * published as the challenger and promoted by the scorer's gate; then v3 (v2 mirrored) rejected, forced in by a person
 * and rolled back automatically.
 *
 * <p>Entry classes: {@link io.catstream.demo.DemoRun} (the steps, the status loop, closing in order),
 * {@link io.catstream.demo.DemoConfig} (the settings and v2's recipe), {@link io.catstream.demo.DemoData} (what is
 * trained on and what is streamed, kept apart), {@link io.catstream.demo.DemoTraining} (v1 and v2 through the same
 * {@code train} paths as {@code catstream train}), {@link io.catstream.demo.DemoSender} (the stream),
 * {@link io.catstream.demo.DemoTruth} (the late truth, through {@code catstream truth}'s producer),
 * {@link io.catstream.demo.SyntheticImages} (images drawn when no photos are given),
 * {@link io.catstream.demo.DemoLifecycle} (the champion/challenger story through the registry's classes),
 * {@link io.catstream.demo.DemoKeys} (the trainer's and the controller's keys in a temporary directory),
 * {@link io.catstream.demo.GateProgress} (the gate's evidence from its metrics, and the decision lines) and
 * {@link io.catstream.demo.DemoReport} (the console lines).
 *
 * <p>May depend on every package but {@code cli} (the gate's settings from {@code gate} included); only {@code cli}
 * depends on it.
 */
package io.catstream.demo;
