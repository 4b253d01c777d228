package io.catstream.kafka;

/**
 * The largest records catstream's clients write and read, taken from the one place they are set: the topics'
 * {@code max.message.bytes} in {@code topics/topics.yaml}. Producers raise {@code max.request.size} and consumers
 * their fetch sizes to these, so a topic setting changed in the catalog is followed everywhere.
 *
 * @param imageRecordBytes largest record on {@code images} and {@code images-dlq}: a photo of
 *                         {@code ImageLimits.DEFAULT_MAX_BYTES} plus room for its key and headers
 * @param modelRecordBytes largest record on {@code model-weights}: one signed model file
 */
public record RecordLimits(int imageRecordBytes, int modelRecordBytes) {

    /** Room a consumer's fetch needs beyond one record (batch and record headers). */
    public static final int FETCH_OVERHEAD_BYTES = 1024 * 1024;

    private static final RecordLimits BUILT_IN = of(TopicCatalog.builtIn());

    /** The limits of the catalog shipped in the jar. */
    public static RecordLimits builtIn() {
        return BUILT_IN;
    }

    /** The limits a catalog sets; {@link IllegalArgumentException} when a topic or its setting is missing. */
    public static RecordLimits of(TopicCatalog catalog) {
        return new RecordLimits(maxMessageBytes(catalog, Topics.IMAGES), maxMessageBytes(catalog, Topics.MODEL_WEIGHTS));
    }

    /** What a consumer of {@code model-weights} must be able to fetch in one go. */
    public int modelFetchBytes() {
        return modelRecordBytes + FETCH_OVERHEAD_BYTES;
    }

    private static int maxMessageBytes(TopicCatalog catalog, String topic) {
        String value = catalog.find(topic)
                .orElseThrow(() -> new IllegalArgumentException("the topic catalog has no topic " + topic))
                .configs().get("max.message.bytes");
        if (value == null) {
            throw new IllegalArgumentException("topic " + topic + " in the topic catalog sets no max.message.bytes");
        }
        return Integer.parseInt(value);
    }
}
