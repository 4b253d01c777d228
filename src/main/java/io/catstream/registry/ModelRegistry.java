package io.catstream.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The registry as seen by a consumer: every accepted version of every model name and the active one of each.
 * Fed one {@link RegistryRecord} at a time by whatever reads the topic ({@link ModelRegistryClient}, a Kafka
 * Streams global store processor, a test). Readers never block: the whole state is an immutable snapshot
 * swapped atomically, so a scorer calling {@link #active(String)} per image always sees a complete model.
 * <p>
 * Rules: versions are immutable (a different record for an accepted version is refused); an activation must
 * point at an accepted version and must not be older than the one in force (so a replayed, validly signed old
 * pointer cannot downgrade). A refused record changes nothing: the active model keeps scoring.
 * <p>
 * Roles (docs/model-registry.md, "Champion, challenger and decisions"): the champion is the active version; at most
 * one challenger per name ({@link Challenger}, refused when it names an unaccepted version or is older than the one
 * in force); decisions are kept per challenger as history ({@link RoleHistory}). While a person has pinned the
 * champion ({@link #isPinned}), an automatic activation is refused ({@code pinned}).
 */
public final class ModelRegistry {

    /** Told about changes; called on the feeding thread, so keep it short. */
    public interface Listener {
        default void activeModelChanged(String name, PublishedModel previous, PublishedModel current, Activation activation) {
        }

        default void refused(Refusal refusal) {
        }

        /** The challenger pointer of {@code name} changed (possibly to "none"). */
        default void challengerChanged(String name, Challenger challenger) {
        }

        default void decided(GateDecision decision) {
        }
    }

    private record State(Map<String, NavigableMap<Integer, PublishedModel>> versions, Map<String, Activation> activations,
                         RoleHistory roles) {

        State withVersions(Map<String, NavigableMap<Integer, PublishedModel>> v) {
            return new State(v, activations, roles);
        }

        State withActivations(Map<String, Activation> a) {
            return new State(versions, a, roles);
        }

        State withRoles(RoleHistory r) {
            return new State(versions, activations, r);
        }

        boolean accepted(String name, int version) {
            NavigableMap<Integer, PublishedModel> v = versions.get(name);
            return v != null && v.containsKey(version);
        }
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(Map.of(), Map.of(), RoleHistory.EMPTY));
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object writeLock = new Object();

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Applies a validated record; returns what it became (the record itself, or a {@link Refusal} when it breaks
     * a registry rule). Refusals, given or produced, are passed to the listeners.
     */
    public RegistryRecord accept(RegistryRecord record) {
        RegistryRecord outcome;
        PublishedModel previousActive = null;
        PublishedModel newActive = null;
        synchronized (writeLock) {
            State current = state.get();
            if (record instanceof PublishedModel model) {
                outcome = addVersion(current, model);
            } else if (record instanceof Activation activation) {
                previousActive = activeModel(current, activation.name());
                outcome = activate(current, activation);
                if (outcome == activation) {
                    newActive = activeModel(state.get(), activation.name());
                }
            } else if (record instanceof Challenger challenger) {
                outcome = challenge(current, challenger);
            } else if (record instanceof GateDecision decision) {
                outcome = decide(current, decision);
            } else {
                outcome = record;
            }
        }
        if (outcome instanceof Refusal refusal) {
            listeners.forEach(l -> l.refused(refusal));
        } else if (outcome instanceof Challenger challenger) {
            listeners.forEach(l -> l.challengerChanged(challenger.name(), challenger));
        } else if (outcome instanceof GateDecision decision) {
            listeners.forEach(l -> l.decided(decision));
        } else if (newActive != null && newActive != previousActive) {
            PublishedModel before = previousActive;
            PublishedModel after = newActive;
            Activation activation = (Activation) outcome;
            listeners.forEach(l -> l.activeModelChanged(activation.name(), before, after, activation));
        }
        return outcome;
    }

    private RegistryRecord addVersion(State current, PublishedModel model) {
        NavigableMap<Integer, PublishedModel> versions = current.versions().get(model.name());
        PublishedModel existing = versions == null ? null : versions.get(model.version());
        if (existing != null) {
            if (existing.sha256().equals(model.sha256())) {
                return existing; // the same record read again (a restart or a re-delivery)
            }
            return new Refusal(model.key().toString(), RefusalReason.VERSION_CONFLICT, "version " + model.version()
                    + " of '" + model.name() + "' is already " + existing.sha256().substring(0, 12) + "…, this record is "
                    + model.sha256().substring(0, 12) + "…; versions never change, publish a new one");
        }
        Map<String, NavigableMap<Integer, PublishedModel>> all = new HashMap<>(current.versions());
        NavigableMap<Integer, PublishedModel> updated = versions == null ? new TreeMap<>() : new TreeMap<>(versions);
        updated.put(model.version(), model);
        all.put(model.name(), Collections.unmodifiableNavigableMap(updated));
        state.set(current.withVersions(Map.copyOf(all)));
        return model;
    }

    private RegistryRecord activate(State current, Activation activation) {
        String key = activation.key().toString();
        NavigableMap<Integer, PublishedModel> versions = current.versions().get(activation.name());
        if (versions == null || !versions.containsKey(activation.version())) {
            return new Refusal(key, RefusalReason.UNKNOWN_VERSION, "points at version " + activation.version() + " of '"
                    + activation.name() + "', which was never accepted (missing or refused); keeping the active model");
        }
        Activation inForce = current.activations().get(activation.name());
        if (inForce != null && inForce.pinned() && activation.automatic()) {
            return new Refusal(key, RefusalReason.PINNED, "an automatic activation of version " + activation.version()
                    + " (" + activation.reason() + "), but version " + inForce.version() + " is pinned by a person: "
                    + "'catstream models activate' without --pin lifts the pin");
        }
        if (inForce != null && activation.activatedAt().isBefore(inForce.activatedAt())) {
            return new Refusal(key, RefusalReason.STALE_ACTIVATION, "activated at " + activation.activatedAt()
                    + ", before the activation in force (version " + inForce.version() + " at " + inForce.activatedAt()
                    + "): a replayed pointer; keeping version " + inForce.version());
        }
        Map<String, Activation> activations = new HashMap<>(current.activations());
        activations.put(activation.name(), activation);
        state.set(current.withActivations(Map.copyOf(activations)));
        return activation;
    }

    private RegistryRecord challenge(State current, Challenger challenger) {
        String key = challenger.key().toString();
        if (challenger.present() && !current.accepted(challenger.name(), challenger.version())) {
            return new Refusal(key, RefusalReason.UNKNOWN_VERSION, "names challenger version " + challenger.version()
                    + " of '" + challenger.name() + "', which was never accepted (missing or refused)");
        }
        Challenger inForce = current.roles().challengers().get(challenger.name());
        if (inForce != null && challenger.since().isBefore(inForce.since())) {
            return new Refusal(key, RefusalReason.STALE_CHALLENGER, "set at " + challenger.since()
                    + ", before the challenger pointer in force (" + inForce.since() + "): a replayed pointer");
        }
        state.set(current.withRoles(current.roles().withChallenger(challenger)));
        return challenger;
    }

    private RegistryRecord decide(State current, GateDecision decision) {
        if (!current.accepted(decision.name(), decision.challengerVersion())) {
            return new Refusal(decision.key().toString(), RefusalReason.UNKNOWN_VERSION, "decides on version "
                    + decision.challengerVersion() + " of '" + decision.name() + "', which was never accepted");
        }
        state.set(current.withRoles(current.roles().withDecision(decision)));
        return decision;
    }

    private static PublishedModel activeModel(State s, String name) {
        Activation a = s.activations().get(name);
        return a == null ? null : s.versions().get(name).get(a.version());
    }

    /** The model that scores now for {@code name}, if any version was activated. */
    public Optional<PublishedModel> active(String name) {
        return Optional.ofNullable(activeModel(state.get(), name));
    }

    public Optional<Activation> activation(String name) {
        return Optional.ofNullable(state.get().activations().get(name));
    }

    public Optional<PublishedModel> version(String name, int version) {
        NavigableMap<Integer, PublishedModel> versions = state.get().versions().get(name);
        return Optional.ofNullable(versions == null ? null : versions.get(version));
    }

    /** Every accepted version of {@code name}, oldest first. */
    public List<PublishedModel> versions(String name) {
        NavigableMap<Integer, PublishedModel> versions = state.get().versions().get(name);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /**
     * The challenger on trial: the pointer in force when it names a version other than the champion (a pointer left
     * behind by a promotion written without its "none" pointer does not make the champion its own challenger).
     */
    public Optional<Challenger> challenger(String name) {
        State s = state.get();
        Challenger c = s.roles().challengers().get(name);
        Activation champion = s.activations().get(name);
        if (c == null || !c.present() || champion != null && c.version() == champion.version()) {
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /** Every accepted decision of {@code name}, oldest first (one per decision key: the latest replaces). */
    public List<GateDecision> decisions(String name) {
        return state.get().roles().decisions(name);
    }

    /** The latest decision on {@code challengerVersion} (promote, reject or rollback). */
    public Optional<GateDecision> latestDecision(String name, int challengerVersion) {
        List<GateDecision> all = decisions(name).stream().filter(d -> d.challengerVersion() == challengerVersion).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Whether the gate's rollback watch of {@code name} version {@code version} may still be running, so that the
     * version's labelled predictions must reach the gate (docs/gate.md, "What a scorer sends to the gate"): true when
     * the version is the champion, it was activated over another version (a promotion, automatic or by a person, or
     * any other switch the watch may follow), and neither a watch-ended nor a rollback record on it was written since
     * that activation. In doubt it answers true: sending too much only costs throughput, too little would blind the
     * watch. Cheap enough for every labelled prediction (two map lookups on the snapshot).
     */
    public boolean watchMayRun(String name, int version) {
        State s = state.get();
        Activation champion = s.activations().get(name);
        if (champion == null || champion.version() != version || champion.previousVersion() == null
                || champion.previousVersion() == version) {
            return false;
        }
        Map<RegistryKey, GateDecision> decisions = s.roles().decisionsByName().getOrDefault(name, Map.of());
        return !endedSince(decisions.get(RegistryKey.watchEnded(name, version)), champion)
                && !endedSince(decisions.get(RegistryKey.decision(name, version, true)), champion);
    }

    // a record of an earlier activation of the same version (rolled back, then promoted again) does not end this one
    private static boolean endedSince(GateDecision record, Activation champion) {
        return record != null && !record.decidedAt().isBefore(champion.activatedAt());
    }

    /** Whether a person pinned the champion of {@code name}: no automatic change until the next manual activation. */
    public boolean isPinned(String name) {
        Activation a = state.get().activations().get(name);
        return a != null && a.pinned();
    }

    /** Names with at least one accepted version, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(state.get().versions().keySet());
        Collections.sort(names);
        return names;
    }
}
