package io.catstream.train;

import io.catstream.image.PreprocessingContract;
import io.catstream.image.Standardisation;
import io.catstream.nn.LabelledExamples;
import java.util.Locale;
import java.util.Optional;

/** Which {@link Standardisation} a recipe fits on its training examples: per channel, per feature, or none. */
public enum StandardisationMode {
    /** One mean and std per colour channel (3 values): unchanged by flips and shifts, what convolutions want. */
    CHANNEL,
    /** One mean and std per input value (3·S·S values): the mean image is subtracted. */
    FEATURE,
    /** The article's inputs, /255 only. */
    NONE;

    /** The statistics of {@code train} (the examples training moves on, never validation or test), if any. */
    public Optional<Standardisation> fit(LabelledExamples train) {
        if (this == NONE) {
            return Optional.empty();
        }
        return Optional.of(Standardisation.fit(train.features().data, train.size(), train.featureCount(),
                PreprocessingContract.CHANNELS, this == CHANNEL));
    }

    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
