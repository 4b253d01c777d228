package io.catstream.train;

import io.catstream.nn.Parameters;
import java.time.Duration;

/** What a training run produced: the final parameters, every iteration's cost and the time it took. */
public record TrainingResult(Parameters parameters, CostLog costs, Duration duration, TrainingConfig.Solver solver) {
}
