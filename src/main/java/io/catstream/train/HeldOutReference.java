package io.catstream.train;

import io.catstream.image.ImageBrightness;
import io.catstream.image.PreprocessingContract;
import io.catstream.model.ModelReference;
import io.catstream.nn.LabelledExamples;
import java.util.Optional;

/**
 * The {@link ModelReference} a trainer writes into its model (issue #17): p(cat) and brightness distributions, cat
 * rate, uncertain share and calibration on a held-out split, with the same brightness measure the scorer applies
 * to each image ({@link ImageBrightness} on the features, standardisation undone).
 */
public final class HeldOutReference {

    public static final String VALIDATION = "validation";
    public static final String TEST = "test";

    private HeldOutReference() {
    }

    /**
     * @param probabilities the stored model's p(cat) of each example of {@code split}, in order
     * @param contract      the model's preprocessing, which made {@code split}'s features
     * @return empty for an empty split
     */
    public static Optional<ModelReference> of(String name, LabelledExamples split, double[] probabilities,
                                              PreprocessingContract contract) {
        return of(name, new InMemoryExamples(split), probabilities, contract);
    }

    /** As above, reading the split's features a chunk at a time. */
    public static Optional<ModelReference> of(String name, ExampleSource split, double[] probabilities,
                                              PreprocessingContract contract) {
        if (split.isEmpty()) {
            return Optional.empty();
        }
        ImageBrightness measure = new ImageBrightness(contract);
        double[] values = new double[ImageBrightness.VALUES];
        double[] brightness = new double[split.size()];
        int n = split.featureCount();
        SourcePass.forEach(split, (x, first, count) -> {
            for (int e = 0; e < count; e++) {
                brightness[first + e] = measure.measure(x, e * n, values);
            }
        });
        return Optional.of(ModelReference.of(name, probabilities, brightness, split.labels()));
    }
}
