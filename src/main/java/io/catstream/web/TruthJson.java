package io.catstream.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.metrics.LabelDelay;
import io.catstream.metrics.TruthMetrics;

/**
 * The {@code "truth"} object of {@code /api/status}: truth that arrives later (issue #12, docs/truth.md), as this
 * instance joined it since it started; numbers that are not known ({@code NaN}) as null. The accuracy from truth
 * itself is each version's {@code "accuracy"} in {@code "versions"} (fed by the same join).
 * <pre>{@code
 * {"window_seconds":3600, "matched":180, "unmatched":{"late":0,"unknown":3,"conflict":0,"duplicate":1},
 *  "delay":{"count":180,"mean_seconds":10.9,"p50_seconds":9.2,"p95_seconds":19.1},
 *  "versions":[{"model_version":1,"matched":180,"coverage":0.58}]}
 * }</pre>
 */
final class TruthJson {

    private static final String[] UNMATCHED = {TruthMetrics.LATE, TruthMetrics.UNKNOWN, TruthMetrics.CONFLICT,
        TruthMetrics.DUPLICATE};

    private TruthJson() {
    }

    static ObjectNode of(TruthMetrics truth) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("window_seconds", truth.window().toSeconds());
        root.put("matched", truth.matchedTotal());
        ObjectNode unmatched = root.putObject("unmatched");
        for (String reason : UNMATCHED) {
            unmatched.put(reason, (long) truth.unmatchedCount(reason));
        }
        LabelDelay d = truth.labelDelay();
        ObjectNode delay = root.putObject("delay");
        delay.put("count", d.count());
        DriftJson.put(delay, "mean_seconds", d.meanSeconds());
        DriftJson.put(delay, "p50_seconds", d.p50Seconds());
        DriftJson.put(delay, "p95_seconds", d.p95Seconds());
        var versions = root.putArray("versions");
        truth.byVersion().values().forEach(v -> {
            ObjectNode n = versions.addObject();
            n.put("model_version", v.version());
            n.put("matched", v.matched());
            DriftJson.put(n, "coverage", v.coverage());
        });
        return root;
    }
}
