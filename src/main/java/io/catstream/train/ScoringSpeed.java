package io.catstream.train;

import io.catstream.image.ImagePreprocessor;
import io.catstream.nn.layered.Classifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one scorer thread spends per image with a given model: the image bytes already in memory (as a Kafka
 * record's value), then decode + resize + scale (+ standardise) and the network's forward pass, one image at a
 * time as the stream processor does. A figure for comparing models, printed by {@code evaluate}; the streaming
 * benchmark measures the whole pipeline through Kafka.
 *
 * @param images            how many images were timed (after one untimed pass to warm up the JIT)
 * @param preprocessMicros  mean decode + resize + scale time per image, µs
 * @param forwardMicros     mean forward-pass time per image, µs
 */
public record ScoringSpeed(int images, double preprocessMicros, double forwardMicros) {

    /** Times up to {@code limit} of {@code files} with {@code preprocessor} and {@code classifier}, two passes. */
    public static ScoringSpeed measure(List<Path> files, int limit, ImagePreprocessor preprocessor, Classifier classifier) {
        List<byte[]> images = new ArrayList<>();
        for (Path file : files.subList(0, Math.min(limit, files.size()))) {
            try {
                images.add(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + " again to time scoring", e);
            }
        }
        if (images.isEmpty()) {
            return new ScoringSpeed(0, Double.NaN, Double.NaN);
        }
        double[] features = new double[classifier.inputSize()];
        double[] out = new double[1];
        long preprocess = 0;
        long forward = 0;
        for (int pass = 0; pass < 2; pass++) {
            preprocess = 0;
            forward = 0;
            for (byte[] image : images) {
                long t0 = System.nanoTime();
                preprocessor.writeFeatures(image, features, 0);
                long t1 = System.nanoTime();
                classifier.probabilities(features, 1, out);
                long t2 = System.nanoTime();
                preprocess += t1 - t0;
                forward += t2 - t1;
            }
        }
        return new ScoringSpeed(images.size(), preprocess / 1e3 / images.size(), forward / 1e3 / images.size());
    }

    public double imagesPerSecond() {
        return 1e6 / (preprocessMicros + forwardMicros);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0f images/s on one thread (%d images: preprocess %.0f µs + forward %.0f µs per image)",
                imagesPerSecond(), images, preprocessMicros, forwardMicros);
    }
}
