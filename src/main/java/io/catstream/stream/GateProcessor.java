package io.catstream.stream;

import io.catstream.gate.GateVerdict;
import io.catstream.gate.PromotionGate;
import io.catstream.gate.RollbackWatch;
import io.catstream.metrics.GateMetrics;
import io.catstream.registry.Activation;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.ModelRoles;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate task: every labelled pair and shadow score of a model name, and the labelled predictions of a champion
 * whose watch may run ({@link GateFeed}), arrive here under one key, so one task decides for all instances. Per trial
 * (champion, challenger) it counts the pairs in the persistent store {@value #STORE} and asks
 * {@link PromotionGate#verdict}; the guardrails check each shadow score; after a promotion the {@link RollbackWatch}
 * follows the new champion, and when the watch is over without a rollback a signed watch-ended record tells the
 * scorers to stop sending that champion's predictions. A final verdict is re-checked against the registry (the same
 * challenger, no decision yet, champion not pinned) and forwarded as the records {@link ModelRoles#change} composes,
 * signed with the controller key, to the sink on {@code model-weights}: in the same Streams transaction as the store
 * update, so a crash before the commit undoes both and the replay decides again, once.
 */
final class GateProcessor implements Processor<String, GateInput, String, byte[]> {

    static final String STORE = "gate-state";
    static final List<String> NOT_WRITTEN = List.of("pinned", "superseded", "already-decided", "no-signing-key");

    /** Below this the watch's default margin and drop (7 points) leave no accuracy to test for: no watch. */
    private static final double MIN_REFERENCE = 0.1;

    private static final Logger log = LoggerFactory.getLogger(GateProcessor.class);

    private final ModelRegistry registry;
    private final GateConfig config;
    private final GateMetrics metrics;
    private final String topic;
    private final Clock clock;
    private final PromotionGate gate;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private boolean toldNoKey;

    GateProcessor(ModelRegistry registry, GateConfig config, GateMetrics metrics, String modelWeightsTopic, Clock clock) {
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
        this.topic = modelWeightsTopic;
        this.clock = clock;
        this.gate = new PromotionGate(config.settings());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, GateInput> record) {
        if (record.value() instanceof GateInput.Labelled l) {
            LabelledPrediction p = l.prediction();
            if (p.challengerVersion() != null) {
                pair(p);
            }
            watch(p);
        } else if (record.value() instanceof GateInput.Shadow s) {
            shadow(s.score());
        }
    }

    private void pair(LabelledPrediction p) {
        String key = GateTrial.key(p.modelName(), p.modelVersion(), p.challengerVersion());
        GateTrial trial = load(key);
        if (!trial.running()) {
            return;
        }
        trial = trial.withPair(p.correct(), p.challengerCorrect(), p.truthAt().toEpochMilli());
        GateVerdict verdict = gate.verdict(trial.counts(), Duration.ofMillis(trial.lastMillis() - trial.firstMillis()));
        metrics.trial(trial.counts().labelled(), trial.counts().challengerOnly(), trial.counts().championOnly(),
                verdict.logLikelihoodRatio(), verdict.promoteAt(), verdict.rejectAt());
        if (verdict.decision().isFinal()) {
            GateDecision.Outcome outcome = verdict.decision() == GateVerdict.Decision.PROMOTE
                    ? GateDecision.Outcome.PROMOTE : GateDecision.Outcome.REJECT;
            trial = decide(p.modelName(), p.modelVersion(), p.challengerVersion(), trial, outcome, verdict.reason(),
                    verdict, null);
        }
        store.put(key, GateStateCodec.write(trial));
    }

    private void shadow(ShadowScore s) {
        String key = GateTrial.key(s.modelName(), s.championVersion(), s.challengerVersion());
        GateTrial trial = load(key);
        if (!trial.running()) {
            return;
        }
        trial = trial.withShadow(s);
        metrics.shadowed(trial.tally().shadowed());
        Optional<Guardrails.Breach> breach = config.guardrails().check(trial.tally());
        if (breach.isPresent()) {
            GateVerdict verdict = gate.verdict(trial.counts(), Duration.ofMillis(trial.lastMillis() - trial.firstMillis()));
            trial = decide(s.modelName(), s.championVersion(), s.challengerVersion(), trial, GateDecision.Outcome.REJECT,
                    breach.get().reason(), verdict, breach.get().evidence(trial.tally()));
        }
        store.put(key, GateStateCodec.write(trial));
    }

    /**
     * Writes the decision if the registry still agrees; returns the trial ended by what happened. {@code guardrail} is
     * the one that rejected the challenger, null when the test decided.
     */
    private GateTrial decide(String name, int champion, int challenger, GateTrial trial, GateDecision.Outcome outcome,
                             String reason, GateVerdict verdict, GateDecision.Guardrail guardrail) {
        Optional<Activation> active = registry.activation(name);
        boolean sameTrial = active.isPresent() && active.get().version() == champion
                && registry.challenger(name).map(c -> c.version() == challenger).orElse(false);
        if (registry.latestDecision(name, challenger).isPresent()) {
            return notWritten(trial, "already-decided", name, challenger, outcome);
        }
        if (!sameTrial) {
            return notWritten(trial, "superseded", name, challenger, outcome);
        }
        Instant first = Instant.ofEpochMilli(trial.firstMillis());
        Instant last = Instant.ofEpochMilli(trial.lastMillis());
        GateDecision.Evidence evidence = GateDecision.Evidence.of(verdict, config.settings(), first, last);
        GateDecision decision = new GateDecision(name, champion, challenger, outcome, reason,
                guardrail == null ? evidence : evidence.withGuardrail(guardrail), clock.instant(), true, null);
        String refused = write(decision);
        if (refused != null) {
            return trial.endedBy(refused);
        }
        metrics.decided(outcome.code(), guardrail == null ? GateMetrics.NO_GUARDRAIL : guardrail.name());
        // after a promotion the rollback watch starts with the new champion's first labelled image (startWatch)
        return trial.endedBy(outcome.code());
    }

    private void watch(LabelledPrediction p) {
        String key = GateWatch.key(p.modelName());
        GateWatch watch = GateStateCodec.read(store.get(key), GateWatch.class);
        if (watch == null || watch.version() != p.modelVersion()) {
            Optional<Activation> active = registry.activation(p.modelName());
            if (active.isEmpty() || active.get().version() != p.modelVersion()) {
                return; // late truth for a champion of before: it neither starts nor moves a watch
            }
            watch = startWatch(p.modelName(), active.get());
            store.put(key, GateStateCodec.write(watch));
        }
        if (watch.watching()) {
            watch = watch.plus(p.correct());
            RollbackWatch.Verdict verdict = new RollbackWatch(RollbackWatch.Settings.against(watch.reference()))
                    .verdict(watch.right(), watch.wrong());
            metrics.rollbackStatistic(verdict.logLikelihoodRatio());
            if (verdict.state() == RollbackWatch.State.ROLL_BACK) {
                watch = rollBack(p.modelName(), watch, verdict);
            } else if (verdict.state() == RollbackWatch.State.HOLDS) {
                log.info("gate: {} version {} holds after its promotion: {}", p.modelName(), watch.version(), verdict.reason());
                watch = watch.in(verdict.state().name());
            }
            store.put(key, GateStateCodec.write(watch));
        }
        if (!watch.watching()) {
            recordWatchEnded(p.modelName(), watch);
        }
    }

    /**
     * A champion seen for the first time: watched if it was promoted (by the gate or a person) over a champion whose
     * trial against it is in the store with at least the gate's minimum of labelled pairs: that champion's accuracy
     * on the trial's images is the reference.
     */
    private GateWatch startWatch(String name, Activation active) {
        int version = active.version();
        if (active.previousVersion() == null || active.previousVersion() == version) {
            return new GateWatch(version, 0, 0, 0, 0, GateWatch.NONE);
        }
        int previous = active.previousVersion();
        GateTrial trial = GateStateCodec.read(store.get(GateTrial.key(name, previous, version)), GateTrial.class);
        if (noWatch(trial, previous) != null) {
            return new GateWatch(version, previous, 0, 0, 0, GateWatch.NONE);
        }
        return new GateWatch(version, previous, trial.counts().championAccuracy(), 0, 0, GateWatch.WATCHING);
    }

    /** Why a champion activated over {@code previous} is not watched, given their trial (null if any); null: it is. */
    private String noWatch(GateTrial trial, int previous) {
        if (trial == null) {
            return "no watch: the gate holds no trial of v" + previous + " against it (activated without one here)";
        }
        if (trial.counts().labelled() < config.settings().minLabelled()) {
            return String.format(Locale.ROOT, "no watch: its trial against v%d counted %d labelled pairs, under the "
                    + "gate's minimum of %d", previous, trial.counts().labelled(), config.settings().minLabelled());
        }
        if (!(trial.counts().championAccuracy() > MIN_REFERENCE)) {
            return String.format(Locale.ROOT, "no watch: v%d's accuracy on their trial, %.3f, is at most %.1f and "
                    + "leaves no accuracy to test for", previous, trial.counts().championAccuracy(), MIN_REFERENCE);
        }
        return null;
    }

    /**
     * The watch of the champion is over without a rollback record (it holds, there was nothing to watch, or a due
     * rollback was not written): writes the signed watch-ended record once per activation, so that the scorers stop
     * sending this champion's labelled predictions here ({@link GateFeed}). A champion whose watch ended before this
     * record existed gets it here at its next labelled prediction, since the registry still answers "may run".
     */
    private void recordWatchEnded(String name, GateWatch watch) {
        if (!config.writes() || RollbackWatch.State.ROLL_BACK.name().equals(watch.state())
                || !registry.watchMayRun(name, watch.version())) {
            return; // without a key nothing can be written: the scorers keep sending, which costs only throughput
        }
        Activation active = registry.activation(name).orElseThrow(); // watchMayRun: the champion, over another version
        String doneKey = GateWatch.endedKey(name, watch.version());
        byte[] activatedAt = active.activatedAt().toString().getBytes(StandardCharsets.UTF_8);
        if (Arrays.equals(store.get(doneKey), activatedAt)) {
            return; // written for this activation; the registry has not read it back yet
        }
        // never before the activation it ends, whatever the clocks of the gate and of the one who activated say
        Instant at = clock.instant().isBefore(active.activatedAt()) ? active.activatedAt() : clock.instant();
        GateDecision ended = new GateDecision(name, active.previousVersion(), watch.version(),
                GateDecision.Outcome.WATCH_ENDED, endedReason(name, watch), null, at, true, null);
        if (write(ended) == null) {
            store.put(doneKey, activatedAt);
            metrics.decided(GateDecision.Outcome.WATCH_ENDED.code(), GateMetrics.NO_GUARDRAIL);
        }
    }

    private String endedReason(String name, GateWatch watch) {
        if (RollbackWatch.State.HOLDS.name().equals(watch.state())) {
            return "holds: " + new RollbackWatch(RollbackWatch.Settings.against(watch.reference()))
                    .verdict(watch.right(), watch.wrong()).reason();
        }
        if (GateWatch.NONE.equals(watch.state())) {
            String why = noWatch(GateStateCodec.read(store.get(GateTrial.key(name, watch.previousVersion(), watch.version())),
                    GateTrial.class), watch.previousVersion());
            return why == null ? "no watch" : why;
        }
        return "stopped: a rollback was due but not written (" + watch.state() + ")";
    }

    private GateWatch rollBack(String name, GateWatch watch, RollbackWatch.Verdict verdict) {
        Optional<Activation> active = registry.activation(name);
        boolean already = registry.decisions(name).stream().anyMatch(d -> d.outcome() == GateDecision.Outcome.ROLLBACK
                && d.challengerVersion() == watch.version());
        if (already || active.isEmpty() || active.get().version() != watch.version()) {
            metrics.notWritten(already ? "already-decided" : "superseded");
            return watch.in(already ? "already-decided" : "superseded");
        }
        GateDecision decision = new GateDecision(name, watch.previousVersion(), watch.version(),
                GateDecision.Outcome.ROLLBACK, "automatic rollback: " + verdict.reason(), null, clock.instant(), true, null);
        String refused = write(decision);
        if (refused != null) {
            return watch.in(refused);
        }
        metrics.decided(GateDecision.Outcome.ROLLBACK.code(), GateMetrics.NO_GUARDRAIL);
        return watch.in(RollbackWatch.State.ROLL_BACK.name());
    }

    /** Forwards the decision's records and returns null, or why nothing may be written (also logged and counted). */
    private String write(GateDecision decision) {
        if (!config.writes()) {
            metrics.notWritten("no-signing-key");
            if (!toldNoKey) {
                log.warn("gate: {} would be written for {} ({}), but serve has no --controller-signing-key: the gate "
                        + "counts and exports its metrics and writes no decision", decision.outcome().code(),
                        decision.key(), decision.reason());
                toldNoKey = true;
            }
            return "no-signing-key";
        }
        ModelRoles.Change change;
        try {
            change = ModelRoles.change(registry, decision, false, config.signer().keyId());
        } catch (ModelPublisher.RefusedException e) {
            metrics.notWritten("pinned");
            log.info("gate: {} not carried out: {}", decision.key(), e.getMessage());
            return "pinned";
        }
        long at = decision.decidedAt().toEpochMilli();
        for (ProducerRecord<String, byte[]> r : change.records(topic, config.signer())) {
            context.forward(new Record<>(r.key(), r.value(), at, r.headers()));
        }
        log.info("gate: wrote {} ({}): {}", decision.key(), decision.outcome().code(), decision.reason());
        return null;
    }

    private GateTrial notWritten(GateTrial trial, String why, String name, int challenger, GateDecision.Outcome outcome) {
        metrics.notWritten(why);
        log.info("gate: {} of {} version {} not written: {}", outcome.code(), name, challenger, why);
        return trial.endedBy(why);
    }

    private GateTrial load(String key) {
        GateTrial trial = GateStateCodec.read(store.get(key), GateTrial.class);
        return trial == null ? GateTrial.start() : trial;
    }
}
