package io.catstream.cli;

import io.catstream.backtest.Backtest;
import io.catstream.dataset.DatasetRange;
import io.catstream.model.BacktestJson;
import io.catstream.model.BacktestResult;
import io.catstream.model.ModelArtifact;
import io.catstream.registry.ModelRecordValidator;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream backtest}: a model against the champion on the retained images that have truth. */
@Command(name = "backtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-score the images of a range of the images topic that have truth with a model (its own input "
                + "contract, the scorer's engine choice) and compare it with the champion (the active version of its name) "
                + "on the same images: the champion's labels from labelled-predictions, re-scored from the registry where "
                + "it has none.",
            "Prints both accuracies, the discordant pairs, McNemar's exact one-sided p-values and a verdict: "
                + BacktestResult.Verdict.RULE + ", alpha being the promotion gate's false promotion rate (0.05).",
            "Exit code 2 without a champion, for an empty range, or when the records are gone (docs/retraining.md)."})
final class BacktestCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file to backtest.")
    java.nio.file.Path model;

    @Mixin
    KafkaSourceOptions range;

    @Option(names = "--json", description = "Print the result as one JSON object (the model header's 'backtest' section) instead of text.")
    boolean json;

    @Mixin
    EngineOption engine;

    @Mixin
    ImageOptions images;

    @Mixin
    VerifyKeyOptions verification;

    @Mixin
    ControllerKeyOptions controllers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelArtifact artifact = ModelFiles.read(model, "--model");
        DatasetRange selected = range.range(Clock.systemUTC());
        ModelRecordValidator validator = new ModelRecordValidator(verification.verifyKey(), controllers.keys(verification));
        BacktestResult result = range.source.withCluster((settings, names) -> new Backtest(settings, names, validator,
                images.limits(), engine.engine(), Clock.systemUTC(), KafkaDatasetSource.STALL).run(artifact, selected));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(BacktestJson.toJson(result).toString());
        } else {
            out.println(BacktestReport.text(model.toString(), result));
        }
        return 0;
    }
}
