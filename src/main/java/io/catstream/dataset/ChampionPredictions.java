package io.catstream.dataset;

import io.catstream.kafka.KafkaSettings;
import io.catstream.stream.LabelledPrediction;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one model version said about given images, as the scorer's truth join recorded it on
 * {@code labelled-predictions} (read whole, up to its end at read time, read-committed, without a consumer group):
 * the backtest's champion side, so the champion is judged by the labels it really gave. The first record per image
 * counts, as the join writes one per image; a record that is not a labelled prediction is skipped and counted in a
 * log line.
 */
public final class ChampionPredictions {

    private static final Logger LOG = LoggerFactory.getLogger(ChampionPredictions.class);

    private final KafkaSettings settings;
    private final String topic;
    private final Duration stall;

    public ChampionPredictions(KafkaSettings settings, String labelledPredictionsTopic, Duration stall) {
        this.settings = settings;
        this.topic = labelledPredictionsTopic;
        this.stall = stall;
    }

    /** Per image id of {@code ids}, the labelled prediction {@code modelName@version} made, for those it made one. */
    public Map<String, LabelledPrediction> of(String modelName, int version, Set<String> ids) {
        Map<String, LabelledPrediction> found = new HashMap<>();
        long[] unreadable = {0};
        try (RangeReader reader = new RangeReader(settings, stall)) {
            reader.read(reader.whole(topic), "reading " + topic, r -> {
                if (r.key() == null || r.value() == null || !ids.contains(r.key())) {
                    return;
                }
                LabelledPrediction p;
                try {
                    p = LabelledPrediction.fromJson(r.value());
                } catch (IllegalArgumentException e) {
                    unreadable[0]++;
                    return;
                }
                if (p.modelName().equals(modelName) && p.modelVersion() == version) {
                    found.putIfAbsent(r.key(), p);
                }
            });
        }
        if (unreadable[0] > 0) {
            LOG.warn("{} records on {} were not labelled predictions and were skipped", unreadable[0], topic);
        }
        return found;
    }
}
