package io.catstream.cli;

import picocli.CommandLine.Option;

/** How a data set is split into training and test examples: {@code train} and each round of {@code retrain}. */
final class SplitOptions {

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Share of the data held out for testing by a seeded shuffle (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the train/test shuffle (default: ${DEFAULT-VALUE}).")
    long splitSeed;
}
