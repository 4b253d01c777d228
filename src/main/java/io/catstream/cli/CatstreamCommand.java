package io.catstream.cli;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level {@code catstream} command; each subcommand is its own {@code *Command} class. */
@Command(
        name = "catstream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Cat / no-cat image classifier: train on EJML, publish models to Kafka, score image streams.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ExportDatasetCommand.class,
            DatasetCommand.class,
            BacktestCommand.class,
            ExportNpzCommand.class,
            ImportNpzCommand.class,
            ImportOnnxCommand.class,
            ExportOnnxCommand.class,
            ShowModelCommand.class,
            BrokerCommand.class,
            TopicsCommand.class,
            PublishCommand.class,
            ModelsCommand.class,
            KeysCommand.class,
            GateCommand.class,
            RetrainCommand.class,
            ServeCommand.class,
            SendCommand.class,
            TruthCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CatstreamCommand implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CatstreamCommand.class);

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces for errors and debug logging.")
    void setVerbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose) {
            org.apache.logging.log4j.core.config.Configurator.setLevel("io.catstream", org.apache.logging.log4j.Level.DEBUG);
        }
    }

    private boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A configured command line: user errors become one-line messages and exit codes. */
    public static CommandLine commandLine() {
        CatstreamCommand root = new CatstreamCommand();
        CommandLine cli = new CommandLine(root);
        // the docs and --help spell enum values in lower case (--solver gram); accept either case
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(root, e, commandLine.getErr()));
        return cli;
    }

    private static int handle(CatstreamCommand root, Exception e, PrintWriter err) {
        if (e instanceof UserError userError) {
            err.println("catstream: " + userError.getMessage());
            if (root.verbose) {
                e.printStackTrace(err);
            }
            return userError.exitCode();
        }
        LOG.error("unexpected failure (a bug: please report it with this trace)", e);
        err.println("catstream: internal error: " + e);
        return CommandLine.ExitCode.SOFTWARE;
    }
}
