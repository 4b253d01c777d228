package io.catstream.model;

import static io.catstream.model.JsonFields.array;
import static io.catstream.model.JsonFields.bad;
import static io.catstream.model.JsonFields.construct;
import static io.catstream.model.JsonFields.number;
import static io.catstream.model.JsonFields.optionalObject;
import static io.catstream.model.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The optional {@code "reference"} section of a model header ({@link ModelReference}, docs/model-format.md): apart
 * from {@link ModelHeader} so the format's one optional section stays one small file. Absent or null reads as none.
 */
final class ReferenceJson {

    static final String FIELD = "reference";

    private ReferenceJson() {
    }

    static ObjectNode toJson(ModelReference r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("split", r.split());
        n.put("examples", r.examples());
        n.put("buckets", ModelReference.BUCKETS);
        putCounts(n, "probability", r.probability());
        putCounts(n, "brightness", r.brightness());
        n.put("catRate", r.catRate());
        n.put("uncertainShare", r.uncertainShare());
        n.put("expectedAccuracy", r.expectedAccuracy());
        n.put("observedAccuracy", r.observedAccuracy());
        return n;
    }

    private static void putCounts(ObjectNode n, String field, long[] counts) {
        ArrayNode a = n.putArray(field);
        for (long c : counts) {
            a.add(c);
        }
    }

    /** The reference of a parsed header, or null when it has none. */
    static ModelReference fromHeader(JsonNode root) {
        JsonNode n = optionalObject(root, FIELD, FIELD);
        if (n == null) {
            return null;
        }
        int buckets = (int) number(n, "buckets", FIELD);
        if (buckets != ModelReference.BUCKETS) {
            throw bad(FIELD + ".buckets is " + n.get("buckets") + "; this reader knows " + ModelReference.BUCKETS
                    + " equal buckets over [0, 1]", null);
        }
        ModelReference reference = construct(FIELD, () -> new ModelReference(text(n, "split", FIELD),
                counts(n, "probability"), counts(n, "brightness"), number(n, "catRate", FIELD),
                number(n, "uncertainShare", FIELD), number(n, "expectedAccuracy", FIELD),
                number(n, "observedAccuracy", FIELD)));
        if (number(n, "examples", FIELD) != reference.examples()) {
            throw bad(FIELD + ".examples is " + n.get("examples") + " but the buckets count " + reference.examples(), null);
        }
        return reference;
    }

    private static long[] counts(JsonNode parent, String field) {
        JsonNode a = array(parent, field, FIELD);
        long[] counts = new long[a.size()];
        for (int i = 0; i < counts.length; i++) {
            JsonNode c = a.get(i);
            if (!c.isIntegralNumber() || !c.canConvertToLong()) {
                throw bad(FIELD + "." + field + "[" + i + "] must be a whole number, got " + c, null);
            }
            counts[i] = c.longValue();
        }
        return counts;
    }
}
