package io.catstream.cli;

import io.catstream.backtest.Backtest;
import io.catstream.dataset.DatasetRange;
import io.catstream.image.ImageLimits;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicNames;
import io.catstream.model.BacktestResult;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.ScoringEngine;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.RecordSigner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream publish}: a model file as the next version on the model topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a model file and put it on the model-weights topic as the next version of its name,",
            "unchanged (float64 weights), and make it the active version (the champion) unless --no-activate,",
            "or the challenger with --as challenger. Nothing is written when the model is refused.",
            "--backtest 1h compares it with the champion first and attaches the result (docs/retraining.md)."})
final class PublishCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file to publish.")
    Path model;

    @Option(names = "--no-activate", description = "Publish only; keep the active version (and the challenger).")
    boolean noActivate;

    /** The policy "every new version starts as a challenger" is this option's default, set per environment. */
    @Option(names = "--as", paramLabel = "ROLE", defaultValue = "${env:CATSTREAM_PUBLISH_AS:-champion}",
            description = "champion: the new version scores at once (as before); challenger: it goes on trial against "
                    + "the champion, which keeps scoring (default: $CATSTREAM_PUBLISH_AS, else ${DEFAULT-VALUE}).")
    String as;

    @Option(names = "--reason", defaultValue = "publish", description = "Why, stored in the activation pointer (default: ${DEFAULT-VALUE}).")
    String reason;

    @Option(names = "--backtest", paramLabel = "TIME|AGO",
            description = "First backtest the model against the champion on the images with truth sent since TIME or AGO "
                    + "(1h; as 'catstream backtest --since') and publish it with the result in its header (signed with it). "
                    + "A model the backtest finds worse-clearly is refused (exit code 2) unless --force.")
    String backtest;

    /** Why publish refuses rather than the gate rejecting later: docs/retraining.md, "A challenger that loses the backtest". */
    @Option(names = "--force", description = "With --backtest: publish even when the verdict is worse-clearly (the result is still attached).")
    boolean force;

    @Mixin
    SigningOptions signing;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicNameOptions topicNames;

    @Spec
    CommandSpec spec;

    private ModelPublisher.Role role() {
        boolean challenger = switch (as == null ? "champion" : as) {
            case "champion" -> false;
            case "challenger" -> true;
            default -> throw new UserError("invalid value '" + as + "' for --as (or $CATSTREAM_PUBLISH_AS): champion or challenger");
        };
        if (noActivate) {
            return ModelPublisher.Role.NONE;
        }
        return challenger ? ModelPublisher.Role.CHALLENGER : ModelPublisher.Role.CHAMPION;
    }

    @Override
    public Integer call() {
        // everything that can refuse, before connecting
        byte[] bytes = ModelFiles.readBytes(model, "--model");
        ModelArtifact artifact = ModelFiles.decode(bytes, model, "--model");
        ModelPublisher.Role role = role();
        RecordSigner signer = signing.signerMatchingVerifyKey();
        if (force && backtest == null) {
            throw new UserError("--force only overrides a worse-clearly --backtest: give --backtest TIME|AGO, or drop --force");
        }
        Instant since = backtest == null ? null : KafkaSourceOptions.time("--backtest", backtest, Clock.systemUTC());
        KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
        String topic = topicNames.names().modelWeights();
        PrintWriter out = spec.commandLine().getOut();
        if (since != null) {
            BacktestResult result = backtest(settings, artifact, since);
            out.println(BacktestReport.text("--model " + model, result));
            if (result.verdict() == BacktestResult.Verdict.WORSE_CLEARLY && !force) {
                throw new UserError("refusing to publish --model " + model + (role == ModelPublisher.Role.NONE ? ""
                        : " as " + role.name().toLowerCase(Locale.ROOT)) + ": its backtest is worse-clearly against " + result.championName() + "@" + result.championVersion()
                        + " (p(worse) " + String.format(Locale.ROOT, "%.3g", result.pWorse()) + " <= alpha " + result.alpha()
                        + "); pass --force to publish it anyway, with the result attached");
            }
            bytes = ModelCodec.encode(artifact.withBacktest(result));
        }

        ModelPublisher.Published published = ModelPublication.publish(settings, topic, model, bytes,
                artifact, role, reason, signer, out);
        if (since != null) {
            out.println("backtest attached to " + artifact.name() + "@" + published.model().version()
                    + " (its 'backtest' header section; 'catstream models show " + published.model().version() + "' prints it)"
                    + (force ? "; published with --force whatever the verdict" : ""));
        }
        return 0;
    }

    /** The backtest of {@code artifact} on the images since {@code since}, as {@code catstream backtest} runs it. */
    private BacktestResult backtest(KafkaSettings settings, ModelArtifact artifact, Instant since) {
        TopicNames names = topicNames.names();
        ModelRecordValidator validator = signing.validator();
        return KafkaDatasetSource.orUserError(settings,
                () -> backtest(settings, names, validator).run(artifact, DatasetRange.times(since, null)));
    }

    /** The backtest {@code publish --backtest} and {@code retrain --backtest} run: default limits, the scorer's engine choice. */
    static Backtest backtest(KafkaSettings settings, TopicNames names, ModelRecordValidator validator) {
        return new Backtest(settings, names, validator, ImageLimits.defaults(), ScoringEngine.AUTO, Clock.systemUTC(),
                KafkaDatasetSource.STALL);
    }
}
