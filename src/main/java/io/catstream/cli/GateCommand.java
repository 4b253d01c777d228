package io.catstream.cli;

import io.catstream.gate.GateChart;
import io.catstream.gate.GateSettings;
import io.catstream.gate.GateSimulation;
import io.catstream.gate.PromotionGate;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream gate simulate}: what the promotion gate would do with two models of known accuracy. */
@Command(name = "gate", mixinStandardHelpOptions = true,
        description = "The champion/challenger promotion gate (docs/gate.md).",
        subcommands = GateCommand.Simulate.class)
final class GateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Simulate many trials of the gate: how often an equally good challenger is promoted (at most the",
                "false promotion rate) and how many labelled images a better one needs (the power curve)."})
    static final class Simulate implements Callable<Integer> {

        @Option(names = "--champion-accuracy", defaultValue = "0.75", description = "Default: ${DEFAULT-VALUE}.")
        double championAccuracy;

        @Option(names = "--challenger-accuracy", defaultValue = "0.80", description = "Default: ${DEFAULT-VALUE}.")
        double challengerAccuracy;

        @Option(names = "--overlap", defaultValue = "0", description = {"How alike the two models' errors are: 0 independent",
            "(the most images to decide), 1 as alike as their accuracies allow. Default: ${DEFAULT-VALUE}."})
        double overlap;

        @Option(names = "--runs", defaultValue = "2000", description = "Trials per case (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--seed", defaultValue = "1", description = "Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--false-promotion-rate", description = "α (default: 0.05).")
        Double alpha;

        @Option(names = "--miss-rate", description = "β (default: 0.2).")
        Double beta;

        @Option(names = "--design-win-share", description = "p₁, share of the discordant images a better challenger wins (default: 0.55).")
        Double designWinShare;

        @Option(names = "--min-labelled", description = "No decision before (default: 200).")
        Long minLabelled;

        @Option(names = "--max-labelled", description = "Reject when undecided at (default: 20000).")
        Long maxLabelled;

        @Option(names = "--chart", paramLabel = "PNG", description = "Draw the share of trials promoted within N labelled images.")
        Path chart;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            GateSettings settings;
            GateSimulation better;
            GateSimulation equal;
            try {
                GateSettings d = GateSettings.DEFAULTS;
                settings = new GateSettings(alpha == null ? d.falsePromotionRate() : alpha, beta == null ? d.missRate() : beta,
                        designWinShare == null ? d.designWinShare() : designWinShare,
                        minLabelled == null ? d.minLabelled() : minLabelled, maxLabelled == null ? d.maxLabelled() : maxLabelled,
                        Duration.ofDays(36500));
                better = new GateSimulation(championAccuracy, challengerAccuracy, overlap);
                equal = new GateSimulation(championAccuracy, championAccuracy, overlap);
                if (runs < 1) {
                    throw new IllegalArgumentException("invalid value " + runs + " for --runs: at least 1");
                }
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage(), e);
            }
            PromotionGate gate = new PromotionGate(settings);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "gate: α %.3f, β %.3f, p₁ %.3f, %d to %d labelled images; %d trials per case, overlap %.2f%n",
                    settings.falsePromotionRate(), settings.missRate(), settings.designWinShare(), settings.minLabelled(),
                    settings.maxLabelled(), runs, overlap);
            GateSimulation.Result aa = equal.run(gate, runs, seed);
            out.printf(Locale.ROOT, "A/A  %.3f vs %.3f: promoted %.2f %% (bound %.2f %%)%n", championAccuracy,
                    championAccuracy, 100 * aa.promotionRate(), 100 * settings.falsePromotionRate());
            GateSimulation.Result ab = better.run(gate, runs, seed + 1);
            long n80 = ab.labelledForPower(0.8);
            out.printf(Locale.ROOT, "A/B  %.3f vs %.3f: promoted %.2f %%; half of the trials within %s labelled images, "
                            + "80 %% within %s%n", championAccuracy, challengerAccuracy, 100 * ab.promotionRate(),
                    describe(ab.labelledForPower(0.5)), describe(n80));
            if (chart != null) {
                GateChart.writePng(ab, String.format(Locale.ROOT, "challenger %.2f vs %.2f", challengerAccuracy, championAccuracy),
                        aa, String.format(Locale.ROOT, "equal models %.2f", championAccuracy), settings, chart);
                out.println("chart: " + chart);
            }
            return 0;
        }

        private static String describe(long labelled) {
            return labelled < 0 ? "never (not that many trials promoted)" : Long.toString(labelled);
        }
    }
}
