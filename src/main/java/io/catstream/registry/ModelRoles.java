package io.catstream.registry;

import io.catstream.model.BacktestResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Changes the roles of a model name on the topic: a version becomes the challenger, and decisions (promote, reject,
 * roll back) are written with the pointers they imply, in one transaction of the name's {@link ModelPublisher} (so
 * its fencing also serialises role changes). The commands {@code models challenge|promote|reject|rollback} make
 * manual decisions (no evidence); the gate task composes its own with {@link #change} and
 * forwards them, signed with the controller key, in its Streams transaction.
 */
public final class ModelRoles {

    /** What one change wrote; parts that were not written are null. */
    public record Change(GateDecision decision, Activation activation, Challenger challenger) {

        /** The records of this change on {@code topic}, in the order they are written; signed when a signer is given. */
        public List<ProducerRecord<String, byte[]>> records(String topic, RecordSigner signer) {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            if (decision != null) {
                records.add(ModelRecords.decision(topic, decision, signer));
            }
            if (activation != null) {
                records.add(ModelRecords.activation(topic, activation, signer));
            }
            if (challenger != null) {
                records.add(ModelRecords.challenger(topic, challenger, signer));
            }
            return records;
        }
    }

    private final ModelPublisher publisher;
    private final ModelRecordValidator validator;

    /** @param validator reads the topic's current state (the consumers' trust, so refused records are ignored) */
    public ModelRoles(ModelPublisher publisher, ModelRecordValidator validator) {
        this.publisher = publisher;
        this.validator = validator;
    }

    /** Makes {@code version} the challenger of the champion in force, unless its attached backtest is worse-clearly. */
    public Change challenge(int version, String reason) {
        return challenge(version, reason, false);
    }

    /**
     * Makes {@code version} the challenger of the champion in force. A version published with a backtest
     * ({@code publish --backtest}) that found it {@code worse-clearly} is refused ({@code bad-challenger}) unless
     * {@code overrideBacktest}: the same rule {@code publish} applies, so a version published without a role cannot
     * be put on trial by the back door.
     */
    public Change challenge(int version, String reason, boolean overrideBacktest) {
        ModelRegistry registry = publisher.load(validator);
        String name = publisher.name();
        int champion = champion(registry).version();
        Optional<PublishedModel> candidate = registry.version(name, version);
        if (candidate.isEmpty()) {
            throw refused(RegistryKey.version(name, version), RefusalReason.UNKNOWN_VERSION, "version " + version
                    + " of '" + name + "' is not on the topic or was refused; have: " + versions(registry));
        }
        if (version == champion) {
            throw refused(RegistryKey.challenger(name), RefusalReason.BAD_CHALLENGER, "version " + version
                    + " is the champion; a challenger must be another version");
        }
        BacktestResult backtest = candidate.get().artifact().backtest();
        if (!overrideBacktest && backtest != null && backtest.verdict() == BacktestResult.Verdict.WORSE_CLEARLY) {
            throw refused(RegistryKey.challenger(name), RefusalReason.BAD_CHALLENGER, "version " + version
                    + " carries a backtest that found it worse-clearly (" + backtest.summary() + "); a person may "
                    + "override it (models challenge --force)");
        }
        Challenger challenger = new Challenger(name, version, now(), reason, champion, false, keyId());
        publisher.write(List.of(ModelRecords.challenger(publisher.topic(), challenger, publisher.signer())));
        return new Change(null, null, challenger);
    }

    /** A person promotes the challenger in force: decision "promote" without evidence, the challenger becomes champion. */
    public Change promote(String reason, boolean pin) {
        ModelRegistry registry = publisher.load(validator);
        return apply(registry, manual(registry, GateDecision.Outcome.PROMOTE, reason), pin);
    }

    /** A person rejects the challenger in force: decision "reject", no challenger afterwards. */
    public Change reject(String reason) {
        ModelRegistry registry = publisher.load(validator);
        return apply(registry, manual(registry, GateDecision.Outcome.REJECT, reason), false);
    }

    /** A person rolls the champion back to the one before it (the pointer's {@code previousVersion}). */
    public Change rollback(String reason, boolean pin) {
        ModelRegistry registry = publisher.load(validator);
        Activation champion = champion(registry);
        if (champion.previousVersion() == null || champion.previousVersion() == champion.version()) {
            throw refused(RegistryKey.active(publisher.name()), RefusalReason.UNKNOWN_VERSION, "version "
                    + champion.version() + " is the first champion of '" + publisher.name() + "': no previous one to roll back to");
        }
        GateDecision decision = new GateDecision(publisher.name(), champion.previousVersion(), champion.version(),
                GateDecision.Outcome.ROLLBACK, reason, null, now(), false, keyId());
        return apply(registry, decision, pin);
    }

    /**
     * Writes {@code decision} and what it implies: a promotion makes the challenger the champion and clears the
     * challenger; a rejection clears the challenger; a rollback makes {@code championVersion} the champion again.
     * The activation names the decision. An automatic decision that changes a pinned champion is refused.
     */
    public Change apply(GateDecision decision, boolean pin) {
        return apply(publisher.load(validator), decision, pin);
    }

    private Change apply(ModelRegistry registry, GateDecision decision, boolean pin) {
        Change change = change(registry, decision, pin, keyId());
        publisher.write(change.records(publisher.topic(), publisher.signer()));
        return change;
    }

    /**
     * What {@code decision} implies on {@code registry}'s state: a promotion makes the challenger the champion and
     * clears the challenger; a rejection clears the challenger; a rollback makes {@code championVersion} the champion
     * again; the activation names the decision; watch-ended changes no pointer. The one place that composes them, for
     * the commands above and for the gate task in the stream (which forwards {@link Change#records} in its own
     * transaction).
     *
     * @param keyId id of the key that will sign the records, or null when unsigned
     * @throws ModelPublisher.RefusedException an automatic decision that would change a pinned champion
     */
    public static Change change(ModelRegistry registry, GateDecision decision, boolean pin, String keyId) {
        if (decision.outcome() == GateDecision.Outcome.WATCH_ENDED) {
            return new Change(decision.withKeyId(keyId), null, null); // a fact about the watch: no pointer moves
        }
        String name = decision.name();
        String key = decision.key().toString();
        boolean changesChampion = decision.outcome() != GateDecision.Outcome.REJECT;
        if (changesChampion && decision.automatic() && registry.isPinned(name)) {
            throw refused(decision.key(), RefusalReason.PINNED, "version " + champion(registry, name).version()
                    + " is pinned by a person; the " + decision.outcome().code() + " is not carried out");
        }
        Instant at = decision.decidedAt();
        Activation activation = null;
        if (changesChampion) {
            boolean promote = decision.outcome() == GateDecision.Outcome.PROMOTE;
            int to = promote ? decision.challengerVersion() : decision.championVersion();
            int from = promote ? decision.championVersion() : decision.challengerVersion();
            activation = new Activation(name, to, at, from, decision.outcome().code() + ": " + key, keyId, pin, key,
                    decision.automatic());
        }
        Challenger challenger = null;
        if (decision.outcome() != GateDecision.Outcome.ROLLBACK) {
            challenger = new Challenger(name, null, at, decision.outcome() == GateDecision.Outcome.PROMOTE
                    ? "promoted to champion (" + key + ")" : "rejected (" + key + ")",
                    activation == null ? decision.championVersion() : activation.version(), decision.automatic(), keyId);
        }
        return new Change(decision.withKeyId(keyId), activation, challenger);
    }

    private GateDecision manual(ModelRegistry registry, GateDecision.Outcome outcome, String reason) {
        int champion = champion(registry).version();
        Challenger challenger = registry.challenger(publisher.name()).orElseThrow(() -> refused(
                RegistryKey.challenger(publisher.name()), RefusalReason.BAD_CHALLENGER, "'" + publisher.name()
                        + "' has no challenger; set one with 'catstream models challenge VERSION' or 'publish --as challenger'"));
        return new GateDecision(publisher.name(), champion, challenger.version(), outcome, reason, null, now(), false, keyId());
    }

    private Activation champion(ModelRegistry registry) {
        return champion(registry, publisher.name());
    }

    private static Activation champion(ModelRegistry registry, String name) {
        return registry.activation(name).orElseThrow(() -> refused(RegistryKey.active(name),
                RefusalReason.UNKNOWN_VERSION, "'" + name + "' has no champion (no activation) yet"));
    }

    private List<Integer> versions(ModelRegistry registry) {
        return registry.versions(publisher.name()).stream().map(PublishedModel::version).toList();
    }

    private Instant now() {
        return publisher.clock().instant();
    }

    private String keyId() {
        return publisher.signer() == null ? null : publisher.signer().keyId();
    }

    private static ModelPublisher.RefusedException refused(RegistryKey key, RefusalReason reason, String message) {
        return new ModelPublisher.RefusedException(new Refusal(key.toString(), reason, message));
    }
}
