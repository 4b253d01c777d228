package io.catstream.stream;

import io.catstream.gate.GateSettings;
import io.catstream.registry.RecordSigner;
import java.util.Objects;

/**
 * How the gate task decides and whether it may write (docs/gate.md, "The gate in the stream").
 *
 * @param settings   the promotion gate's test (α, β, p₁, min/max labelled, longest trial)
 * @param guardrails the limits that reject a challenger early from its shadow scores, without truth
 * @param signer     the controller's private key that signs the decisions and pointers; null: the gate counts and
 *                   exports its metrics but writes nothing
 */
public record GateConfig(GateSettings settings, Guardrails guardrails, RecordSigner signer) {

    /** Default settings and guardrails, no key: counting only. */
    public static final GateConfig COUNT_ONLY = new GateConfig(GateSettings.DEFAULTS, Guardrails.DEFAULTS, null);

    public GateConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(guardrails, "guardrails");
    }

    /** Whether decisions are written to {@code model-weights}. */
    public boolean writes() {
        return signer != null;
    }

    public GateConfig withSigner(RecordSigner newSigner) {
        return new GateConfig(settings, guardrails, newSigner);
    }

    public GateConfig withSettings(GateSettings newSettings) {
        return new GateConfig(newSettings, guardrails, signer);
    }
}
