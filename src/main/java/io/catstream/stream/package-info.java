/**
 * The scorer: the Kafka Streams topology that turns each record of {@code images} into exactly one label on
 * {@code image-labels} or one dead letter on {@code images-dlq}, keeps the accuracy of each model version on
 * {@code model-accuracy}, and swaps models live from {@code model-weights}.
 *
 * <p>Entry classes: {@link io.catstream.stream.ScoringTopology} (the topology, no I/O),
 * {@link io.catstream.stream.Scorer} and {@link io.catstream.stream.ScoringProcessor} (one image to a
 * {@link io.catstream.stream.Label} or a {@link io.catstream.stream.DeadLetter}),
 * {@link io.catstream.stream.ScoringContext}, {@link io.catstream.stream.ActiveModel} and
 * {@link io.catstream.stream.ScoringModel} (the registry and the atomic model swap),
 * {@link io.catstream.stream.ModelStoreProcessor} (the global store over the model topic),
 * {@link io.catstream.stream.JsonSerdes} (the record values), {@link io.catstream.stream.StreamsErrorHandlers}
 * (what the scorer's code cannot see, dead-lettered), {@link io.catstream.stream.ScoreListener} (how anyone
 * watches the labels without being on their path), shadow scoring (issue #13, docs/gate.md):
 * {@link io.catstream.stream.ChallengerModel} (the challenger, prepared like the active model),
 * {@link io.catstream.stream.ShadowSelection} (which images it scores) and {@link io.catstream.stream.ShadowScore}
 * (the value of a {@code shadow-predictions} record), and the gate task: {@link io.catstream.stream.GateTopology} and
 * {@code GateProcessor} (pairs and shadow scores under one key per model name, signed decisions on
 * {@code model-weights}).
 *
 * <p>May depend on {@code kafka}, {@code metrics}, {@code image}, {@code nn}, {@code nn.layered}, {@code model},
 * {@code registry} and {@code gate} (the promotion gate's statistics). It must not depend on {@code web},
 * {@code serve}, {@code send}, {@code demo} or {@code cli},
 * not even through another package: whoever watches the scorer is a {@code ScoreListener}.
 */
package io.catstream.stream;
