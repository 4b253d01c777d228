package io.catstream.stream;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams' {@code processing.guarantee} values the scorer supports. */
public enum ProcessingGuarantee {
    /** Labels, dead letters, accuracy and offsets commit in one transaction: every image counted once. */
    EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
    /** No transactions: a crash may label an image twice; lower latency. */
    AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

    private final String config;

    ProcessingGuarantee(String config) {
        this.config = config;
    }

    public String config() {
        return config;
    }

    public static ProcessingGuarantee parse(String text) {
        for (ProcessingGuarantee g : values()) {
            if (g.config.equalsIgnoreCase(text.strip()) || g.name().equalsIgnoreCase(text.strip())) {
                return g;
            }
        }
        throw new IllegalArgumentException("processing guarantee must be one of "
                + Arrays.stream(values()).map(ProcessingGuarantee::config).toList() + ", got '" + text + "'");
    }

    @Override
    public String toString() {
        return config.toLowerCase(Locale.ROOT);
    }
}
