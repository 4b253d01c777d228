package io.catstream.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.metrics.DriftMetrics.VersionHealth;
import io.catstream.model.ModelReference;
import java.util.SortedMap;

/**
 * The {@code "drift"} array of {@code /api/status}: per model version, the health before truth (issue #17,
 * docs/health.md), numbers that are not known ({@code NaN}) as null:
 * <pre>{@code
 * [{"model_version":2,"images":300,"estimated_accuracy":0.71,"cat_rate":0.52,"uncertain":0.18,
 *   "psi_probability":0.04,"psi_brightness":0.31,"validation_accuracy":0.80,"validation_estimated_accuracy":0.78}]
 * }</pre>
 */
final class DriftJson {

    private DriftJson() {
    }

    static ArrayNode of(SortedMap<Integer, VersionHealth> health) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        health.values().forEach(h -> {
            ObjectNode n = out.addObject();
            n.put("model_version", h.version());
            n.put("images", h.images());
            put(n, "estimated_accuracy", h.estimatedAccuracy());
            put(n, "cat_rate", h.catRate());
            put(n, "uncertain", h.uncertainShare());
            put(n, "psi_probability", h.psiProbability());
            put(n, "psi_brightness", h.psiBrightness());
            ModelReference r = h.reference();
            put(n, "validation_accuracy", r == null ? Double.NaN : r.observedAccuracy());
            put(n, "validation_estimated_accuracy", r == null ? Double.NaN : r.expectedAccuracy());
            put(n, "validation_cat_rate", r == null ? Double.NaN : r.catRate());
        });
        return out;
    }

    /** {@code value} as {@code field}, or null when it is not known (NaN). */
    static void put(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
