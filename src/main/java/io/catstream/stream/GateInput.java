package io.catstream.stream;

import java.util.Arrays;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the gate task reads, re-keyed by model name: a prediction joined with its truth (a pair when the challenger
 * scored the image too, and the champion's outcome for the rollback watch) or a shadow score (the guardrails). On the
 * repartition topic as one tag byte ({@code L} or {@code S}) and the record's own JSON, so that format stays the one
 * its schema documents.
 */
public sealed interface GateInput {

    String modelName();

    record Labelled(LabelledPrediction prediction) implements GateInput {
        public String modelName() {
            return prediction.modelName();
        }
    }

    record Shadow(ShadowScore score) implements GateInput {
        public String modelName() {
            return score.modelName();
        }
    }

    static Serde<GateInput> serde() {
        return Serdes.serdeFrom((topic, in) -> in == null ? null : write(in), (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    private static byte[] write(GateInput in) {
        byte[] json = in instanceof Labelled l ? l.prediction().toJson() : ((Shadow) in).score().toJson();
        byte[] out = new byte[json.length + 1];
        out[0] = (byte) (in instanceof Labelled ? 'L' : 'S');
        System.arraycopy(json, 0, out, 1, json.length);
        return out;
    }

    private static GateInput read(byte[] bytes) {
        byte[] json = Arrays.copyOfRange(bytes, 1, bytes.length);
        return switch (bytes[0]) {
            case 'L' -> new Labelled(LabelledPrediction.fromJson(json));
            case 'S' -> new Shadow(ShadowScore.parse(json));
            default -> throw new IllegalArgumentException("not a gate input: tag " + bytes[0]);
        };
    }
}
