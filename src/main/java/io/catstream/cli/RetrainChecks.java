package io.catstream.cli;

import io.catstream.dataset.KafkaDataset;
import io.catstream.model.DataLineage;
import io.catstream.registry.Challenger;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import java.util.Comparator;
import java.util.Optional;

/**
 * Why a round of {@code catstream retrain} offers no model: the registry and the data set as they are now decide it,
 * so a cron job and the loop skip the same rounds. Checked in this order: a trial still running (no data read), too
 * few images with truth, or the same data set the newest retrained version was trained on.
 */
final class RetrainChecks {

    /** Why a round was skipped: a stable code (for logs and alerts) and a sentence. */
    record Skip(String code, String message) {
    }

    static final String CHALLENGER_ON_TRIAL = "challenger-on-trial";
    static final String TOO_FEW_EXAMPLES = "too-few-examples";
    static final String NO_NEW_TRUTH = "no-new-truth";
    static final String BACKTEST_WORSE = "backtest-worse";

    private RetrainChecks() {
    }

    /**
     * A challenger of {@code name} that the gate has not decided on: a new one would replace it mid-trial and throw its
     * evidence away, so the round waits for the decision instead.
     */
    static Optional<Skip> trialRunning(ModelRegistry registry, String name) {
        Optional<Challenger> challenger = registry.challenger(name);
        if (challenger.isEmpty()) {
            return Optional.empty();
        }
        Challenger c = challenger.get();
        // decided since it was put on trial (a version challenged again after an old decision is on trial again)
        if (registry.latestDecision(name, c.version()).filter(d -> !d.decidedAt().isBefore(c.since())).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Skip(CHALLENGER_ON_TRIAL, name + "@" + c.version() + " is on trial against "
                + (c.championVersion() == null ? "no champion" : name + "@" + c.championVersion())
                + " since " + c.since() + " and not decided yet; a new challenger is offered once the gate has decided"));
    }

    /** Too few images with truth, or nothing new since the newest version of {@code name} trained from Kafka. */
    static Optional<Skip> nothingToTrain(ModelRegistry registry, String name, KafkaDataset.Read read, long minExamples) {
        long examples = read.set().images().size();
        if (examples < minExamples) {
            return Optional.of(new Skip(TOO_FEW_EXAMPLES, examples + " images with truth in the window (left out: "
                    + read.set().leftOut() + "), fewer than --min-examples " + minExamples));
        }
        String sha256 = read.lineage().sha256();
        return newestRetrained(registry, name)
                .filter(m -> m.artifact().training().source().sha256().equals(sha256))
                .map(m -> new Skip(NO_NEW_TRUTH, "the data set is the one " + name + "@" + m.version()
                        + " was trained on (the round's line gives its sha256): no image got truth since"));
    }

    /** The newest version of {@code name} whose lineage says it was trained from Kafka. */
    static Optional<PublishedModel> newestRetrained(ModelRegistry registry, String name) {
        return registry.versions(name).stream()
                .filter(m -> m.artifact().training().source() != null
                        && DataLineage.KAFKA.equals(m.artifact().training().source().kind()))
                .max(Comparator.comparingInt(PublishedModel::version));
    }
}
