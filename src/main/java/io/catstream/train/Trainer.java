package io.catstream.train;

import io.catstream.nn.FullBatchDescent;
import io.catstream.nn.GramDescent;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.Parameters;
import io.catstream.nn.PlainDescent;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the article's training loop and reports the cost as the article does ("Cost after iteration i: c"). */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    static final int MAX_GRAM_EXAMPLES = 20_000;

    private final TrainingConfig config;
    private final PrintWriter out;
    private final boolean quiet;

    /** @param out where the cost lines go (the command's standard output) */
    public Trainer(TrainingConfig config, PrintWriter out) {
        this(config, out, false);
    }

    private Trainer(TrainingConfig config, PrintWriter out, boolean quiet) {
        this.config = config;
        this.out = out;
        this.quiet = quiet;
    }

    /** The same trainer with progress as log lines only, never a terminal bar (for a run that prints other things). */
    public Trainer quiet() {
        return new Trainer(config, out, true);
    }

    public TrainingResult train(LabelledExamples data, Parameters initial) {
        if (!initial.shape().equals(config.shape())) {
            throw new IllegalArgumentException("initial parameters have shape " + initial.shape() + ", the config says "
                    + config.shape());
        }
        long start = System.nanoTime();
        TrainingConfig.Solver solver = chooseSolver(data);
        if (solver == TrainingConfig.Solver.GRAM) {
            LOG.info("preparing the Gram solver: G = X·Xᵀ ({} × {}) and P0 = W1·Xᵀ, once", data.size(), data.size());
        }
        FullBatchDescent descent = create(solver, data, initial);
        if (solver == TrainingConfig.Solver.GRAM) {
            LOG.info("Gram solver ready after {} ms", (System.nanoTime() - start) / 1_000_000);
        }
        LOG.info("training {} on {} examples: lr {}, {} iterations, {} solver", config.shape(), data.size(),
                config.learningRate(), config.iterations(), solver);
        CostLog costs = new CostLog(config.iterations());
        try (Progress progress = quiet ? Progress.quiet("training", config.iterations())
                : Progress.start("training", config.iterations())) {
            for (int i = 0; i < config.iterations(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("training interrupted at iteration " + i);
                }
                double cost = descent.step();
                costs.add(cost);
                if (!Double.isFinite(cost)) {
                    throw new TrainingDivergedException("cost became " + cost + " at iteration " + i
                            + ": the learning rate " + config.learningRate() + " is probably too large");
                }
                if (i % config.logEvery() == 0 || i == config.iterations() - 1) {
                    out.println(String.format(Locale.ROOT, "Cost after iteration %d: %.6f", i, cost));
                    out.flush();
                }
                progress.step();
            }
        }
        return new TrainingResult(descent.parameters(), costs, Duration.ofNanos(System.nanoTime() - start), solver);
    }

    /**
     * AUTO takes the Gram solver when it saves work: with fewer examples than inputs the m × m Gram matrix is
     * smaller than X itself, and above {@value #MAX_GRAM_EXAMPLES} examples it would outgrow the heap
     * (8·m² bytes: 3.2 GB at 20000).
     */
    TrainingConfig.Solver chooseSolver(LabelledExamples data) {
        return solverFor(config.solver(), data.size(), data.featureCount());
    }

    /** The solver AUTO means for {@code examples} training examples of {@code features} values (see above). */
    public static TrainingConfig.Solver solverFor(TrainingConfig.Solver requested, int examples, int features) {
        if (requested != TrainingConfig.Solver.AUTO) {
            return requested;
        }
        return examples < features && examples <= MAX_GRAM_EXAMPLES ? TrainingConfig.Solver.GRAM : TrainingConfig.Solver.PLAIN;
    }

    private FullBatchDescent create(TrainingConfig.Solver solver, LabelledExamples data, Parameters initial) {
        return solver == TrainingConfig.Solver.GRAM
                ? new GramDescent(initial, data, config.learningRate())
                : new PlainDescent(initial, data, config.learningRate());
    }
}
