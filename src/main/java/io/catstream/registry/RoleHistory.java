package io.catstream.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The challenger pointer in force per name and the decisions kept per name, one per decision key: an immutable
 * part of {@link ModelRegistry}'s snapshot.
 */
record RoleHistory(Map<String, Challenger> challengers, Map<String, Map<RegistryKey, GateDecision>> decisionsByName) {

    static final RoleHistory EMPTY = new RoleHistory(Map.of(), Map.of());

    RoleHistory withChallenger(Challenger challenger) {
        Map<String, Challenger> updated = new HashMap<>(challengers);
        updated.put(challenger.name(), challenger);
        return new RoleHistory(Map.copyOf(updated), decisionsByName);
    }

    RoleHistory withDecision(GateDecision decision) {
        Map<RegistryKey, GateDecision> ofName = new HashMap<>(decisionsByName.getOrDefault(decision.name(), Map.of()));
        ofName.put(decision.key(), decision);
        Map<String, Map<RegistryKey, GateDecision>> updated = new HashMap<>(decisionsByName);
        updated.put(decision.name(), Map.copyOf(ofName));
        return new RoleHistory(challengers, Map.copyOf(updated));
    }

    /** Oldest first. */
    List<GateDecision> decisions(String name) {
        List<GateDecision> all = new ArrayList<>(decisionsByName.getOrDefault(name, Map.of()).values());
        all.sort(Comparator.comparing(GateDecision::decidedAt));
        return List.copyOf(all);
    }
}
