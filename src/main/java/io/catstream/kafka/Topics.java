package io.catstream.kafka;

/** The logical names of catstream's topics, as in {@code topics/topics.yaml}. */
public final class Topics {

    /** Image bytes in, keyed by image id. */
    public static final String IMAGES = "images";
    /** Labels out (cat / no-cat, probability, model version), keyed by image id. */
    public static final String IMAGE_LABELS = "image-labels";
    /** Input the scorer could not use, with the reason in headers. */
    public static final String IMAGES_DLQ = "images-dlq";
    /** Compacted: every published model version and the activation pointer of each model name. */
    public static final String MODEL_WEIGHTS = "model-weights";
    /** Rolling accuracy of the active model, for monitoring. */
    public static final String MODEL_ACCURACY = "model-accuracy";

    /** Truth that arrives after (or before) its image, keyed by image id; co-partitioned with {@link #IMAGES}. */
    public static final String IMAGE_TRUTH = "image-truth";
    /** Exactly one record per image that got truth: the prediction joined with its truth. */
    public static final String LABELLED_PREDICTIONS = "labelled-predictions";
    /** Truth records the scorer could not read, with the reason in headers. */
    public static final String TRUTH_DLQ = "truth-dlq";

    /** One record per image the challenger shadow-scored: both versions and probabilities (issue #13). */
    public static final String SHADOW_PREDICTIONS = "shadow-predictions";

    private Topics() {
    }
}
