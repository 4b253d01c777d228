package io.catstream.cli;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.model.InputContract;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Options of every command that reads image files: the limits that protect the decoder. */
final class ImageOptions {

    @Option(names = "--max-image-bytes", paramLabel = "BYTES",
            description = "Refuse image files larger than this (default: ${DEFAULT-VALUE}).")
    long maxBytes = ImageLimits.DEFAULT_MAX_BYTES;

    @Option(names = "--max-pixels", paramLabel = "PIXELS",
            description = "Refuse images whose header claims more pixels than this, before decoding (default: ${DEFAULT-VALUE}).")
    long maxPixels = ImageLimits.DEFAULT_MAX_PIXELS;

    /** The limits as given, validated. */
    ImageLimits limits() {
        try {
            return new ImageLimits(maxBytes, maxPixels, ImageLimits.DEFAULT_MAX_SIDE);
        } catch (IllegalArgumentException e) {
            throw new UserError("invalid --max-image-bytes/--max-pixels: " + e.getMessage());
        }
    }

    ImagePreprocessor preprocessor(int imageSize) {
        return preprocessor(() -> PreprocessingContract.ofImageSize(imageSize));
    }

    /** The preprocessing a model expects, standardisation included: what the scorer builds from the same contract. */
    ImagePreprocessor preprocessor(InputContract contract) {
        return preprocessor(contract::toPreprocessing);
    }

    private ImagePreprocessor preprocessor(Supplier<PreprocessingContract> contract) {
        try {
            return new ImagePreprocessor(contract.get(), new ImageLimits(maxBytes, maxPixels, ImageLimits.DEFAULT_MAX_SIDE));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
