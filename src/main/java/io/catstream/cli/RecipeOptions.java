package io.catstream.cli;

import io.catstream.nn.layered.Initialisation;
import io.catstream.train.Recipe;
import io.catstream.train.StandardisationMode;
import io.catstream.train.augment.Augmentations;
import io.catstream.train.optim.LearningRateSchedule;
import io.catstream.train.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options of the mini-batch recipes ({@code --recipe mlp|cnn}): each one, when given, overrides that value of
 * the preset; when not given the preset's value holds. None of them applies to {@code --recipe article}.
 */
final class RecipeOptions {

    @Option(names = "--arch", paramLabel = "LAYERS",
            description = "Layers: convN, pool, gap, dropN (N %% dropped while training), denseN, ending in dense1; "
                    + "convbnN, densebnN add batch normalisation before the ReLU (folded into convN/denseN in the model); "
                    + "e.g. conv16,pool,conv32,pool,gap,drop30,dense64,dense1 (recipe default).")
    String arch;

    @Option(names = "--image-size", paramLabel = "S", description = "Resize images to S×S RGB (recipe default: 64).")
    Integer imageSize;

    @Option(names = "--weight-init", paramLabel = "he|article", description = "Initial weights: He or the article's (recipe default: he).")
    String weightInit;

    @Option(names = "--optimizer", paramLabel = "sgd|adam", description = "Update rule (recipe default: adam).")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum in [0, 1) (recipe default: 0.9; Adam ignores it).")
    Double momentum;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per mini-batch (recipe default).")
    Integer batchSize;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training examples at most (recipe default).")
    Integer epochs;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 weight decay on the weights, not the biases (recipe default).")
    Double l2;

    @Option(names = "--lr-schedule", paramLabel = "SCHEDULE",
            description = "constant, cosine or step:EVERY:FACTOR, per epoch (recipe default).")
    String schedule;

    @Option(names = "--augment", paramLabel = "LIST",
            description = "none or a list of flip, shift:K, shift:K:edge, jitter:B,C, zoom:Z, applied to each training "
                    + "example after standardisation (recipe default).")
    String augment;

    @Option(names = "--standardise", paramLabel = "channel|feature|none",
            description = "Input standardisation fitted on the training part and stored in the model (recipe default).")
    String standardise;

    @Option(names = "--validation-fraction", paramLabel = "F",
            description = "Share of the training data held out, stratified, for early stopping (recipe default: 0.15).")
    Double validationFraction;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N epochs without a better validation accuracy; 0 never stops early (recipe default).")
    Integer patience;

    @Option(names = "--weight-averaging", paramLabel = "DECAY",
            description = "Evaluate, keep and write an exponential moving average of the weights with this decay per step, "
                    + "e.g. 0.99; 0 for the last weights (recipe default).")
    Double averaging;

    /** The options given on the command line, by name, in declaration order. */
    List<String> given() {
        List<String> names = new ArrayList<>();
        addIf(names, arch, "--arch");
        addIf(names, imageSize, "--image-size");
        addIf(names, weightInit, "--weight-init");
        addIf(names, optimizer, "--optimizer");
        addIf(names, momentum, "--momentum");
        addIf(names, batchSize, "--batch-size");
        addIf(names, epochs, "--epochs");
        addIf(names, l2, "--l2");
        addIf(names, schedule, "--lr-schedule");
        addIf(names, augment, "--augment");
        addIf(names, standardise, "--standardise");
        addIf(names, validationFraction, "--validation-fraction");
        addIf(names, patience, "--patience");
        addIf(names, averaging, "--weight-averaging");
        return names;
    }

    private static void addIf(List<String> names, Object value, String name) {
        if (value != null) {
            names.add(name);
        }
    }

    /** The preset with every given option in place of its value; {@code lr}, {@code seed} null when not given. */
    Recipe applyTo(Recipe p, Double lr, Long seed) {
        try {
            return new Recipe(p.name(), or(arch, p.layers()), or(imageSize, p.imageSize()),
                    parse("--weight-init", weightInit, p.init(), v -> enumValue(Initialisation.class, v)),
                    parse("--optimizer", optimizer, p.optimizer(), v -> enumValue(Optimizer.Kind.class, v)),
                    or(lr, p.learningRate()), or(momentum, p.momentum()),
                    parse("--lr-schedule", schedule, p.schedule(), LearningRateSchedule::parse),
                    or(batchSize, p.batchSize()), or(epochs, p.epochs()), or(l2, p.l2()),
                    parse("--augment", augment, p.augment(), Augmentations::parse),
                    parse("--standardise", standardise, p.standardise(), v -> enumValue(StandardisationMode.class, v)),
                    or(validationFraction, p.validationFraction()), or(patience, p.patience()), or(averaging, p.averaging()),
                    or(seed, p.seed()));
        } catch (IllegalArgumentException e) {
            throw new UserError("--recipe " + p.name() + ": " + e.getMessage());
        }
    }

    private static <T> T or(T given, T preset) {
        return given != null ? given : preset;
    }

    private static <T> T parse(String option, String text, T preset, Function<String, T> parser) {
        if (text == null) {
            return preset;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        List<String> names = new ArrayList<>();
        for (E value : type.getEnumConstants()) {
            names.add(value.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("unknown value '" + text + "', expected one of " + String.join(", ", names));
    }
}
