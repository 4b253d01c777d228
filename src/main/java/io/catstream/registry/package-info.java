/**
 * The model registry on the compacted {@code model-weights} topic (docs/model-registry.md): versions
 * {@code <name>@<n>} and the activation pointer {@code <name>@active}, published race-free, optionally signed, and
 * read back by every scorer into the same view.
 *
 * <p>Entry classes: {@link io.catstream.registry.ModelPublisher} (publish and activate, transactionally),
 * {@link io.catstream.registry.ModelRecordValidator} (a record to a {@link io.catstream.registry.PublishedModel}, an
 * {@link io.catstream.registry.Activation} or a {@link io.catstream.registry.Refusal}, never an exception),
 * {@link io.catstream.registry.ModelRegistry} (accepted versions and the active one per name, with listeners),
 * {@link io.catstream.registry.ModelRegistryClient} and {@link io.catstream.registry.RegistryTopic} (reading the
 * topic from the start), {@link io.catstream.registry.ModelRecords}, {@link io.catstream.registry.RegistryKey} and
 * {@link io.catstream.registry.RegistryHeaders} (the record format), {@link io.catstream.registry.Ed25519Keys},
 * {@link io.catstream.registry.RecordSigner} and {@link io.catstream.registry.RecordSignature} (signing). Roles
 * (docs/model-registry.md, docs/gate.md): the challenger pointer {@link io.catstream.registry.Challenger}, the
 * signed {@link io.catstream.registry.GateDecision} records with their evidence, the keys trusted to sign them
 * ({@link io.catstream.registry.TrustedKeys}: the trainer's and the controller's), and
 * {@link io.catstream.registry.ModelRoles} (challenge, promote, reject, roll back: a decision and the pointers it
 * implies in one transaction).
 *
 * <p>May depend on {@code kafka}, {@code model} and {@code gate} (the evidence a decision carries) only.
 */
package io.catstream.registry;
