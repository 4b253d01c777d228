package io.catstream.train;

import io.catstream.nn.LabelledExamples;
import java.nio.file.Path;
import java.util.List;

/**
 * Images decoded into feature rows, with the files they came from and the files that could not be used
 * (each with its reason): unreadable images are skipped and counted, never silently dropped.
 */
public record LoadedImages(LabelledExamples examples, List<Path> files, List<Skipped> skipped) {

    /** A file left out of the data set, and why. */
    public record Skipped(Path path, String reason) {
    }

    public LoadedImages {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
        if (files.size() != examples.size()) {
            throw new IllegalArgumentException(files.size() + " files for " + examples.size() + " examples");
        }
    }
}
