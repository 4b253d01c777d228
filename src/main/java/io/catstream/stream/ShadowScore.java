package io.catstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catstream.nn.layered.Classifier;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What shadow scoring produced for one image (issue #13, docs/gate.md "Shadow scoring"): the champion's probability
 * (the one its label carries) beside the challenger's, scored from the same preprocessed input in the same record
 * processing. The value of a {@code shadow-predictions} record, as JSON {@code {"image_id":"cats/cat.1.jpg",
 * "model_name":"catstream","champion_version":3,"champion_probability":0.93,"challenger_version":4,
 * "challenger_probability":0.88,"agree":true,"champion_micros":2100,"challenger_micros":2300,
 * "failure_reason":null,"scored_at":"2026-12-02T10:00:00.123Z"}}.
 *
 * @param challengerProbability null when the challenger failed on this image ({@code failureReason} says why)
 * @param agree                 both probabilities on the same side of {@link Classifier#CAT_THRESHOLD}; false when
 *                              the challenger failed
 * @param championMicros        the champion's forward pass (preprocessing excluded: it is shared)
 * @param challengerMicros      the challenger's forward pass, plus its own preprocessing when its input contract
 *                              differs from the champion's
 * @param failureReason         null unless the challenger failed: a {@link DeadLetter} reason code or
 *                              {@link #NON_FINITE_PROBABILITY} (every one in {@link #failureReasons()})
 */
public record ShadowScore(String imageId, String modelName, int championVersion, double championProbability,
                          int challengerVersion, Double challengerProbability, boolean agree, long championMicros,
                          long challengerMicros, String failureReason, Instant scoredAt) {

    /** The challenger returned NaN or an infinity (or a value outside [0, 1]). */
    public static final String NON_FINITE_PROBABILITY = "non-finite-probability";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ShadowScore {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(scoredAt, "scoredAt");
        if ((challengerProbability == null) == (failureReason == null)) {
            throw new IllegalArgumentException("a shadow score has a challenger probability or a failure reason, not "
                    + (failureReason == null ? "neither" : "both") + ": " + challengerProbability + ", " + failureReason);
        }
        if (failureReason != null && agree) {
            throw new IllegalArgumentException("a failed challenger cannot agree with the champion");
        }
    }

    /** The challenger scored the image: {@code agree} is computed from the two probabilities. */
    public static ShadowScore scored(String imageId, String modelName, int championVersion, double championProbability,
                                     int challengerVersion, double challengerProbability, long championMicros,
                                     long challengerMicros, Instant scoredAt) {
        boolean agree = Classifier.isCat(championProbability) == Classifier.isCat(challengerProbability);
        return new ShadowScore(imageId, modelName, championVersion, championProbability, challengerVersion,
                challengerProbability, agree, championMicros, challengerMicros, null, scoredAt);
    }

    /** The challenger failed on the image ({@code reason}, one of {@link #failureReasons()}); the champion's label stands. */
    public static ShadowScore failed(String imageId, String modelName, int championVersion, double championProbability,
                                     int challengerVersion, long championMicros, long challengerMicros, String reason,
                                     Instant scoredAt) {
        return new ShadowScore(imageId, modelName, championVersion, championProbability, challengerVersion, null, false,
                championMicros, challengerMicros, Objects.requireNonNull(reason, "reason"), scoredAt);
    }

    /** Every failure reason a shadow score can carry: the scorer's dead-letter reasons and {@link #NON_FINITE_PROBABILITY}. */
    public static List<String> failureReasons() {
        List<String> reasons = new ArrayList<>(DeadLetter.reasons());
        reasons.add(NON_FINITE_PROBABILITY);
        return reasons;
    }

    public boolean failed() {
        return failureReason != null;
    }

    public boolean championIsCat() {
        return Classifier.isCat(championProbability);
    }

    /** The challenger's label, or null when it failed. */
    public Boolean challengerIsCat() {
        return challengerProbability == null ? null : Classifier.isCat(challengerProbability);
    }

    public byte[] toJson() {
        return JsonValues.object(320, json -> {
            JsonValues.string(json, "image_id", imageId);
            json.writeStringField("model_name", modelName);
            json.writeNumberField("champion_version", championVersion);
            json.writeNumberField("champion_probability", championProbability);
            json.writeNumberField("challenger_version", challengerVersion);
            JsonValues.number(json, "challenger_probability", challengerProbability);
            json.writeBooleanField("agree", agree);
            json.writeNumberField("champion_micros", championMicros);
            json.writeNumberField("challenger_micros", challengerMicros);
            JsonValues.string(json, "failure_reason", failureReason);
            json.writeStringField("scored_at", scoredAt.toString());
        });
    }

    public static ShadowScore parse(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new ShadowScore(JsonValues.text(n, "image_id"), n.get("model_name").asText(),
                    n.get("champion_version").asInt(), n.get("champion_probability").asDouble(),
                    n.get("challenger_version").asInt(), JsonValues.number(n, "challenger_probability"),
                    n.get("agree").asBoolean(), n.get("champion_micros").asLong(), n.get("challenger_micros").asLong(),
                    JsonValues.text(n, "failure_reason"), Instant.parse(n.get("scored_at").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a shadow-predictions record: " + e.getMessage(), e);
        }
    }
}
