package io.catstream.train;

import io.catstream.nn.layered.TrainableNetwork;
import java.time.Duration;

/**
 * What a recipe run produced: the network holding the kept checkpoint (the best validation accuracy's, or the
 * last epoch's without validation), the curves, and how the run ended.
 *
 * @param bestEpoch    1-based epoch whose parameters the network holds
 * @param stoppedEarly whether patience ran out before the last epoch
 * @param steps        optimiser updates made (mini-batches over all epochs run)
 */
public record RecipeResult(TrainableNetwork network, EpochLog epochs, int bestEpoch, boolean stoppedEarly, long steps,
                           Duration duration) {

    public int epochsRun() {
        return epochs.size();
    }

    /** The kept epoch's line of the log. */
    public EpochLog.Epoch best() {
        return epochs.get(bestEpoch);
    }
}
