/**
 * The model file: one byte format (docs/model-format.md) that serves as a file on disk and as a Kafka record value,
 * with the network, how images become its input and how it was trained.
 *
 * <p>Entry classes: {@link io.catstream.model.ModelArtifact} (a model in memory), {@link io.catstream.model.ModelCodec}
 * (encode, decode, inspect), {@link io.catstream.model.ModelValidator} (whether a model may score),
 * {@link io.catstream.model.InputContract}, {@link io.catstream.model.TrainingFacts} and
 * {@link io.catstream.model.BacktestResult} (what the header holds; the backtest only once {@code publish --backtest}
 * attached one),
 * {@link io.catstream.model.Classifiers} (a model to the {@link io.catstream.nn.layered.Classifier} that scores it, on the
 * {@link io.catstream.model.ScoringEngine} chosen: ONNX Runtime for convolutional networks by default)
 * and {@link io.catstream.model.InvalidModelException} (a refusal with a stable reason).
 *
 * <p>May depend on {@code image} (the preprocessing contract), {@code nn} and {@code nn.layered} (the networks it
 * stores) and {@code onnx} (the runtime behind a format-3 model) only: it knows nothing of Kafka, training or scoring.
 */
package io.catstream.model;
