package io.catstream.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.metrics.ShadowMetrics;
import io.catstream.stream.ChallengerModel;
import io.catstream.stream.ShadowSelection;

/**
 * The challenger on {@code /model} (issue #13): {@code "challenger": {"model_version":4,"since":"…",
 * "shadow_fraction":1.0,"scored":812,"failed":0,"agreed":770,"agreement":0.948,"mean_micros":2100}}, counted in this
 * instance since it started; null (no field) when there is no challenger.
 */
final class ShadowJson {

    private ShadowJson() {
    }

    static ObjectNode of(ChallengerModel challenger, ShadowSelection selection) {
        ChallengerModel.Trial trial = challenger.trial().orElse(null);
        if (trial == null) {
            return null;
        }
        int version = trial.model().version();
        ShadowMetrics metrics = challenger.metrics();
        long scored = metrics.scoredTotal(version);
        long agreed = metrics.agreedTotal(version);
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("model_version", version);
        node.put("since", trial.since().toString());
        node.put("shadow_fraction", selection.fraction());
        node.put("scored", scored);
        node.put("failed", metrics.failedTotal(version));
        node.put("agreed", agreed);
        if (scored == 0) {
            node.putNull("agreement");
        } else {
            node.put("agreement", (double) agreed / scored);
        }
        node.put("mean_micros", metrics.meanScoringTime(version).toNanos() / 1000);
        return node;
    }
}
