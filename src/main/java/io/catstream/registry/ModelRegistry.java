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
 */
public final class ModelRegistry {

    /** Told about changes; called on the feeding thread, so keep it short. */
    public interface Listener {
        default void activeModelChanged(String name, PublishedModel previous, PublishedModel current, Activation activation) {
        }

        default void refused(Refusal refusal) {
        }
    }

    private record State(Map<String, NavigableMap<Integer, PublishedModel>> versions, Map<String, Activation> activations) {
    }

    private final AtomicReference<State> state = new AtomicReference<>(new State(Map.of(), Map.of()));
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
            } else {
                outcome = record;
            }
        }
        if (outcome instanceof Refusal refusal) {
            listeners.forEach(l -> l.refused(refusal));
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
        state.set(new State(Map.copyOf(all), current.activations()));
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
        if (inForce != null && activation.activatedAt().isBefore(inForce.activatedAt())) {
            return new Refusal(key, RefusalReason.STALE_ACTIVATION, "activated at " + activation.activatedAt()
                    + ", before the activation in force (version " + inForce.version() + " at " + inForce.activatedAt()
                    + "): a replayed pointer; keeping version " + inForce.version());
        }
        Map<String, Activation> activations = new HashMap<>(current.activations());
        activations.put(activation.name(), activation);
        state.set(new State(current.versions(), Map.copyOf(activations)));
        return activation;
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

    /** Names with at least one accepted version, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(state.get().versions().keySet());
        Collections.sort(names);
        return names;
    }
}
