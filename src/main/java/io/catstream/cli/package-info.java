/**
 * The {@code catstream} command line (picocli): one {@code *Command} class per subcommand, shared option mixins,
 * and the one place user errors become a line on stderr and an exit code.
 *
 * <p>Entry classes: {@link io.catstream.cli.Main} (the only {@code System.exit}),
 * {@link io.catstream.cli.CatstreamCommand} (the subcommands), {@link io.catstream.cli.UserError} (a mistake the
 * user can fix: one line, exit code 2), the option mixins ({@link io.catstream.cli.KafkaOptions},
 * {@link io.catstream.cli.DataOptions} (with {@link io.catstream.cli.KafkaSourceOptions} for --from-kafka),
 * {@link io.catstream.cli.ImageOptions},
 * {@link io.catstream.cli.RecipeOptions}, {@link io.catstream.cli.SplitOptions}, {@link io.catstream.cli.SigningOptions},
 * {@link io.catstream.cli.TopicNameOptions}) and {@link io.catstream.cli.ModelFiles} (model files read and written
 * with one-line errors). Shared by commands: {@link io.catstream.cli.RecipeTraining} (train's mini-batch path, also
 * each round of {@code retrain}) and {@link io.catstream.cli.ModelPublication} (publish's core, also retrain's);
 * {@code retrain}'s loop is {@link io.catstream.cli.RetrainLoop} (the schedule), {@link io.catstream.cli.RetrainChecks}
 * (why a round skips) and {@link io.catstream.cli.RetrainRound} (its one line).
 *
 * <p>May depend on every other package; nothing depends on it.
 */
package io.catstream.cli;
