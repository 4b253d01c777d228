package io.catstream.registry;

import org.apache.kafka.common.header.Headers;

/**
 * The checks of {@link ModelRecordValidator} for the two role records, the challenger pointer and decisions. Their
 * signature covers the whole value, so it is checked before the JSON is even parsed: an unsigned or forged record is
 * refused as {@code unsigned-decision} / {@code forged-decision} whatever it says.
 */
final class RoleRecordChecks {

    private RoleRecordChecks() {
    }

    static RegistryRecord check(RegistryKey parsed, String key, Headers headers, byte[] value, TrustedKeys keys) {
        boolean challenger = parsed.role() == RegistryKey.Role.CHALLENGER;
        byte[] canonical = challenger ? RecordSignature.challengerBytes(parsed.name(), value)
                : RecordSignature.decisionBytes(parsed, value);
        Refusal unsigned = keys.check(key, headers, canonical, TrustedKeys.Scope.POINTER,
                RefusalReason.UNSIGNED_DECISION, RefusalReason.FORGED_DECISION);
        if (unsigned != null) {
            return unsigned;
        }
        String keyId = RegistryHeaders.text(headers, RegistryHeaders.KEY_ID);
        return challenger ? challenger(parsed, key, headers, value, keyId) : decision(parsed, key, value, keyId);
    }

    private static RegistryRecord challenger(RegistryKey parsed, String key, Headers headers, byte[] value, String keyId) {
        Challenger c;
        try {
            c = Challenger.parse(value, keyId);
        } catch (IllegalArgumentException e) {
            return new Refusal(key, RefusalReason.BAD_CHALLENGER, e.getMessage());
        }
        if (!c.name().equals(parsed.name())) {
            return new Refusal(key, RefusalReason.NAME_MISMATCH, "the challenger names '" + c.name()
                    + "' but the key names '" + parsed.name() + "'");
        }
        String version = RegistryHeaders.text(headers, RegistryHeaders.VERSION);
        String stated = c.version() == null ? null : Integer.toString(c.version());
        if (version != null && !version.equals(stated)) {
            return new Refusal(key, RefusalReason.VERSION_MISMATCH, "header " + RegistryHeaders.VERSION + " is "
                    + ModelRecordValidator.quote(version) + " but the challenger's value says " + (stated == null ? "none" : stated));
        }
        if (c.version() != null && c.version().equals(c.championVersion())) {
            return new Refusal(key, RefusalReason.BAD_CHALLENGER, "version " + c.version() + " cannot challenge itself");
        }
        return c;
    }

    private static RegistryRecord decision(RegistryKey parsed, String key, byte[] value, String keyId) {
        GateDecision d;
        try {
            d = GateDecision.parse(value, keyId);
        } catch (IllegalArgumentException e) {
            return new Refusal(key, RefusalReason.BAD_DECISION, e.getMessage());
        }
        if (!d.name().equals(parsed.name())) {
            return new Refusal(key, RefusalReason.NAME_MISMATCH, "the decision names '" + d.name()
                    + "' but the key names '" + parsed.name() + "'");
        }
        if (!d.key().equals(parsed)) {
            return new Refusal(key, RefusalReason.BAD_DECISION, "a " + d.outcome().code() + " of challenger "
                    + d.challengerVersion() + " belongs under key " + d.key() + ", not " + key);
        }
        return d;
    }
}
