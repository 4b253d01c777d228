package io.catstream.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.catstream.gate.GateSettings;
import io.catstream.gate.PairedCounts;
import io.catstream.gate.PromotionGate;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Models and bad model files for registry tests, built on the documented byte layout (TestModels). */
public final class RegistryFixtures {

    private RegistryFixtures() {
    }

    /** A valid small model file (dims [48, 7, 5, 1]) named {@code name}. */
    /**
     * The gate's promotion of challenger {@code 4} over champion {@code 3} of {@code name}, decided at {@code at} from
     * the gate's own verdict on a McNemar table, with its evidence, as the gate task writes it.
     */
    public static GateDecision gatePromotion(String name, Instant at) {
        GateSettings settings = GateSettings.DEFAULTS;
        PairedCounts counts = new PairedCounts(700, 40, 90, 170);
        var verdict = new PromotionGate(settings).verdict(counts, Duration.ofMinutes(5));
        return new GateDecision(name, 3, 4, GateDecision.Outcome.PROMOTE, verdict.reason(),
                GateDecision.Evidence.of(verdict, settings, at.minusSeconds(300), at), at, true, null);
    }

    /**
     * The gate's early rejection of challenger {@code 5} over champion {@code 3} of {@code name} by the latency guardrail:
     * 3.5× the champion's time on 200 shadow-scored images, the McNemar table as it stood (a few pairs).
     */
    public static GateDecision guardrailRejection(String name, Instant at) {
        GateSettings settings = GateSettings.DEFAULTS;
        var verdict = new PromotionGate(settings).verdict(new PairedCounts(6, 1, 2, 1), Duration.ofMinutes(1));
        GateDecision.Guardrail latency = new GateDecision.Guardrail("latency", 3.5, 3.0, 200, 0, 100.0, 350.0);
        return new GateDecision(name, 3, 5, GateDecision.Outcome.REJECT, "guardrail latency: the challenger took 3.5x the "
                + "champion's time on 200 shadow-scored images", GateDecision.Evidence.of(verdict, settings,
                at.minusSeconds(60), at).withGuardrail(latency), at, true, null);
    }

    public static byte[] smallModel(String name, long seed) {
        return ModelCodec.encode(TestModels.random(TestModels.SMALL, seed).withName(name));
    }

    public static ModelArtifact model(NetworkShape shape, String name, long seed) {
        return TestModels.random(shape, seed).withName(name);
    }

    /** Every way a model file can be unusable, with the reason a reader must give. */
    public enum BadModel {
        CHECKSUM(RefusalReason.CHECKSUM_MISMATCH, b -> TestModels.withParameter(b, 0, 1.2345)),
        NAN_PARAMETER(RefusalReason.NON_FINITE_PARAMETER, b -> TestModels.withRecomputedChecksum(TestModels.withParameter(b, 3, Double.NaN))),
        INFINITE_PARAMETER(RefusalReason.NON_FINITE_PARAMETER,
                b -> TestModels.withRecomputedChecksum(TestModels.withParameter(b, 7, Double.NEGATIVE_INFINITY))),
        TRUNCATED(RefusalReason.TRUNCATED, b -> Arrays.copyOf(b, b.length - 100)),
        UNKNOWN_FORMAT_VERSION(RefusalReason.UNKNOWN_FORMAT_VERSION, b -> TestModels.withUint32(b, 8, 4)),
        DIMS_DO_NOT_CHAIN(RefusalReason.DIMS_DO_NOT_CHAIN,
                b -> TestModels.withHeader(b, h -> h.putArray("dims").add(48).add(7).add(8).add(1))),
        CONTRACT_MISMATCH(RefusalReason.CONTRACT_MISMATCH,
                b -> TestModels.withHeader(b, h -> ((ObjectNode) h.get("input")).put("imageSize", 5)));

        public final RefusalReason reason;
        private final UnaryOperator<byte[]> corrupt;

        BadModel(RefusalReason reason, UnaryOperator<byte[]> corrupt) {
            this.reason = reason;
            this.corrupt = corrupt;
        }

        public byte[] apply(byte[] valid) {
            return corrupt.apply(valid);
        }
    }
}
