package io.catstream.model;

import static io.catstream.model.JsonFields.bad;
import static io.catstream.model.JsonFields.construct;
import static io.catstream.model.JsonFields.integer;
import static io.catstream.model.JsonFields.longValue;
import static io.catstream.model.JsonFields.number;
import static io.catstream.model.JsonFields.object;
import static io.catstream.model.JsonFields.optional;
import static io.catstream.model.JsonFields.optionalObject;
import static io.catstream.model.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The optional {@code "backtest"} section of a model header ({@link BacktestResult}, docs/model-format.md), which is
 * also what {@code catstream backtest --json} prints:
 * <pre>
 * {"verdict": "worse-clearly", "rule": "…", "images": 44, "modelAccuracy": 0.25, "championAccuracy": 0.75,
 *  "counts": {"bothRight": 0, "modelOnly": 11, "championOnly": 33, "bothWrong": 0}, "pWorse": 8.1e-4, "pBetter": 0.9999,
 *  "alpha": 0.05, "champion": {"name": "cats", "version": 1, "labelled": 40, "rescored": 4},
 *  "range": {"since": "…", "until": null, "topics": {"images": {"0": [0, 44]}}}, "clusterId": "…",
 *  "datasetSha256": "…", "leftOut": {"no-truth": 1}, "ranAt": "…"}
 * </pre>
 * {@code images} and the two accuracies are derived from {@code counts}, written for people and checked on reading.
 */
public final class BacktestJson {

    static final String FIELD = "backtest";

    private BacktestJson() {
    }

    public static ObjectNode toJson(BacktestResult r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("verdict", r.verdict().code());
        n.put("rule", BacktestResult.Verdict.RULE);
        n.put("images", r.images());
        putAccuracy(n, "modelAccuracy", r.modelAccuracy());
        putAccuracy(n, "championAccuracy", r.championAccuracy());
        ObjectNode counts = n.putObject("counts");
        counts.put("bothRight", r.bothRight());
        counts.put("modelOnly", r.modelOnly());
        counts.put("championOnly", r.championOnly());
        counts.put("bothWrong", r.bothWrong());
        n.put("pWorse", r.pWorse());
        n.put("pBetter", r.pBetter());
        n.put("alpha", r.alpha());
        ObjectNode champion = n.putObject("champion");
        champion.put("name", r.championName());
        champion.put("version", r.championVersion());
        champion.put("labelled", r.championLabelled());
        champion.put("rescored", r.championRescored());
        ObjectNode range = n.putObject("range");
        range.put("since", r.since() == null ? null : r.since().toString());
        range.put("until", r.until() == null ? null : r.until().toString());
        LineageJson.putTopics(range.putObject("topics"), r.ranges());
        n.put("clusterId", r.clusterId());
        n.put("datasetSha256", r.datasetSha256());
        LineageJson.putCounts(n.putObject("leftOut"), r.leftOut());
        n.put("ranAt", r.ranAt().toString());
        return n;
    }

    private static void putAccuracy(ObjectNode n, String field, double accuracy) {
        if (Double.isNaN(accuracy)) {
            n.putNull(field); // JSON has no NaN: no images, no accuracy
        } else {
            n.put(field, accuracy);
        }
    }

    /** The backtest of a parsed header, or null when it has none (every model published without one). */
    static BacktestResult fromHeader(JsonNode root) {
        JsonNode n = optionalObject(root, FIELD, FIELD);
        if (n == null) {
            return null;
        }
        JsonNode counts = object(n, "counts");
        JsonNode champion = object(n, "champion");
        JsonNode range = object(n, "range");
        String where = FIELD + ".range";
        BacktestResult result = construct(FIELD, () -> new BacktestResult(text(champion, "name", FIELD + ".champion"),
                integer(champion, "version", FIELD + ".champion"), longValue(counts, "bothRight", FIELD + ".counts"),
                longValue(counts, "modelOnly", FIELD + ".counts"), longValue(counts, "championOnly", FIELD + ".counts"),
                longValue(counts, "bothWrong", FIELD + ".counts"), number(n, "pWorse", FIELD), number(n, "pBetter", FIELD),
                number(n, "alpha", FIELD), BacktestResult.Verdict.parse(text(n, "verdict", FIELD)),
                instantOrNull(range, "since", where), instantOrNull(range, "until", where),
                LineageJson.topics(optional(range, "topics"), where), text(n, "clusterId", FIELD),
                text(n, "datasetSha256", FIELD), longValue(champion, "labelled", FIELD + ".champion"),
                longValue(champion, "rescored", FIELD + ".champion"), LineageJson.counts(n, "leftOut", FIELD),
                instantOrNull(n, "ranAt", FIELD)));
        if (longValue(n, "images", FIELD) != result.images()) {
            throw bad(FIELD + ".images is " + n.get("images") + " but the counts add up to " + result.images(), null);
        }
        return result;
    }

    private static Instant instantOrNull(JsonNode parent, String field, String where) {
        JsonNode n = optional(parent, field);
        if (n == null) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            throw bad(where + "." + field + " must be an ISO-8601 instant, got " + n, e);
        }
    }
}
