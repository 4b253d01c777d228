package io.catstream.cli;

import io.catstream.gate.GateSettings;
import io.catstream.gate.PairedCounts;
import io.catstream.kafka.KafkaSettings;
import io.catstream.model.ModelArtifact;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.ModelRoles;
import io.catstream.registry.RecordSigner;
import io.catstream.registry.RegistryKey;
import io.catstream.registry.RegistryTopic;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code catstream models challenge|promote|reject|rollback|decisions}: champion and challenger by hand (docs/model-registry.md). */
final class ModelRoleCommands {

    private ModelRoleCommands() {
    }

    /** A role change on one model name, signed with --sign-key (the trainer's or a controller's key). */
    abstract static class RoleChange extends ModelsCommand.Common {

        @Option(names = "--name", defaultValue = ModelArtifact.DEFAULT_NAME, description = "Model name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--reason", defaultValue = "manual", description = "Why, stored in the records (default: ${DEFAULT-VALUE}).")
        String reason;

        int change(String what, Function<ModelRoles, ModelRoles.Change> change) {
            if (RegistryKey.parse(name + "@active") == null) {
                throw new UserError("invalid model --name '" + name + "'");
            }
            RecordSigner signer = signing.signerTrustedForPointers();
            KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
            ModelRoles.Change done;
            try (ModelPublisher publisher = new ModelPublisher(settings, topic(), name, signer, Clock.systemUTC(), ModelsCommand.TIMEOUT)) {
                done = change.apply(new ModelRoles(publisher, signing.validator()));
            } catch (ModelPublisher.RefusedException e) {
                throw new UserError("cannot " + what + " " + name + ": " + e.refusal().reason().code() + ": " + e.refusal().message(), e);
            } catch (AuthorizationException e) {
                throw new UserError("cannot " + what + " " + name + " on " + topic() + " at " + settings.bootstrapServers() + ": "
                        + e.getMessage() + " (the --command-config principal needs Write, Describe on transactional id "
                        + ModelPublisher.transactionalId(name) + " and Write, Read, Describe on " + topic() + ")", e);
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                throw unreachable(settings, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (done.decision() != null) {
                out.println("decision " + done.decision().key() + ": " + done.decision().outcome().code() + " challenger "
                        + done.decision().challengerVersion() + " against champion " + done.decision().championVersion()
                        + " (" + done.decision().reason() + ")");
            }
            if (done.activation() != null) {
                out.println("champion: " + name + "@" + done.activation().version() + " (was " + done.activation().previousVersion() + ")"
                        + (done.activation().pinned() ? ", pinned" : ""));
            }
            if (done.challenger() != null) {
                out.println("challenger: " + (done.challenger().present() ? name + "@" + done.challenger().version()
                        + " against champion " + done.challenger().championVersion() : "none"));
            }
            out.println(signer == null ? "unsigned" : "signed by key " + signer.keyId());
            return 0;
        }
    }

    /** A change that makes another version the champion, which a person may pin. */
    abstract static class ChampionChange extends RoleChange {

        @Option(names = "--pin", description = "Pin the new champion: the gate may not replace it until the next manual activation.")
        boolean pin;
    }

    @Command(name = "challenge", mixinStandardHelpOptions = true,
            description = "Put VERSION on trial against the champion, which keeps scoring.")
    static final class Challenge extends RoleChange implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "VERSION", description = "Version number, as shown by 'models list'.")
        int version;

        @Option(names = "--force", description = "Put VERSION on trial even when its attached backtest (publish --backtest) is worse-clearly.")
        boolean force;

        @Override
        public Integer call() {
            return change("challenge with version " + version + " of", roles -> roles.challenge(version, reason, force));
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make the challenger the champion now: a decision record 'promote' (no evidence), the activation, no challenger.")
    static final class Promote extends ChampionChange implements Callable<Integer> {

        @Override
        public Integer call() {
            return change("promote the challenger of", roles -> roles.promote(reason, pin));
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "End the challenger's trial: a decision record 'reject', no challenger; the champion stays.")
    static final class Reject extends RoleChange implements Callable<Integer> {

        @Override
        public Integer call() {
            return change("reject the challenger of", roles -> roles.reject(reason));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Make the previous champion the champion again: a decision record 'rollback' and the activation.")
    static final class Rollback extends ChampionChange implements Callable<Integer> {

        @Override
        public Integer call() {
            return change("roll back", roles -> roles.rollback(reason, pin));
        }
    }

    @Command(name = "decisions", mixinStandardHelpOptions = true,
            description = "Every decision on a model's challengers, oldest first, with its evidence.")
    static final class Decisions extends ModelsCommand.Common implements Callable<Integer> {

        @Option(names = "--name", defaultValue = ModelArtifact.DEFAULT_NAME, description = "Model name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
            ModelRegistry registry;
            try {
                registry = RegistryTopic.load(settings, topic(), signing.validator(), null, ModelsCommand.TIMEOUT);
            } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
                throw unreachable(settings, e);
            }
            PrintWriter out = spec.commandLine().getOut();
            List<GateDecision> decisions = registry.decisions(name);
            if (decisions.isEmpty()) {
                out.println("no decisions for '" + name + "' on " + topic());
            }
            decisions.forEach(d -> out.print(evidence(d)));
            return 0;
        }
    }

    /** A decision and its evidence, as {@code models decisions} prints it. */
    static String evidence(GateDecision d) {
        StringBuilder s = new StringBuilder();
        String what = d.outcome() == GateDecision.Outcome.WATCH_ENDED
                ? String.format(Locale.ROOT, "the rollback watch of champion %d (activated over %d) ended", d.challengerVersion(),
                        d.championVersion())
                : String.format(Locale.ROOT, "challenger %d against champion %d", d.challengerVersion(), d.championVersion());
        s.append(String.format(Locale.ROOT, "%s: %s %s at %s, %s, %s%n", d.key(), d.outcome().code(), what, d.decidedAt(),
                d.automatic() ? "automatic" : "by a person", d.keyId() == null ? "unsigned" : "signed by key " + d.keyId()));
        s.append("  reason: ").append(d.reason()).append(System.lineSeparator());
        GateDecision.Evidence e = d.evidence();
        if (e == null) {
            s.append(d.automatic() ? "  evidence: none (the reason carries the watch's numbers)"
                    : "  evidence: none (a manual decision)").append(System.lineSeparator());
            return s.toString();
        }
        PairedCounts c = e.counts();
        GateSettings g = e.settings();
        s.append(String.format(Locale.ROOT, "  counts: both right %d, champion only %d, challenger only %d, both wrong %d "
                + "(%d labelled, %d discordant)%n", c.bothRight(), c.championOnly(), c.challengerOnly(), c.bothWrong(),
                c.labelled(), c.discordant()));
        s.append(String.format(Locale.ROOT, "  statistic %.4f, promote at %.4f, reject at %.4f%n", e.statistic(), e.promoteAt(), e.rejectAt()));
        s.append(String.format(Locale.ROOT, "  settings: alpha %s, beta %s, p1 %s, min %d, max %d labelled, longest %s%n",
                g.falsePromotionRate(), g.missRate(), g.designWinShare(), g.minLabelled(), g.maxLabelled(), g.maxDuration()));
        s.append("  window: ").append(e.windowStart()).append(" .. ").append(e.windowEnd()).append(System.lineSeparator());
        GateDecision.Guardrail r = e.guardrail();
        if (r != null) {
            s.append(String.format(Locale.ROOT, "  guardrail %s: %.4f > limit %.4f on %d shadow-scored images (%d failed; "
                    + "mean time champion %.1f us, challenger %.1f us)%n", r.name(), r.observed(), r.limit(), r.shadowed(),
                    r.failures(), r.championMeanMicros(), r.challengerMeanMicros()));
        }
        return s.toString();
    }
}
