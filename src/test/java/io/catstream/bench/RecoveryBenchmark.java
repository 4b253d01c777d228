package io.catstream.bench;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import io.catstream.stream.ScorerRecovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/recovery.sh}: what a scorer's restart, stop, roll and failover cost (issue #18), each scenario of
 * {@link ScorerRecovery} once on one embedded broker, printed as one table. Every scorer is a real
 * {@code catstream serve} JVM (-Xmx256m, the tiny test model), killed or stopped for real; every run ends with an
 * exactly-once audit of the outcomes. Rows: SIGKILL and restart with serve's defaults (static membership from the host
 * name), the same with dynamic membership ({@code --instance-id none}, the baseline: Kafka's 45 s session), SIGTERM and
 * restart, a rolling restart of two instances, and a failover without and with a standby replica after {@code --fill}
 * images went through at full speed (the truth join's stores keep every scored image: the stopped instance's stores
 * are full). The embedded broker has {@code group.initial.rebalance.delay.ms=0}; a production broker's default (3 s)
 * delays the first rebalance of an empty group (after every instance left) by that much.
 */
public final class RecoveryBenchmark {

    private RecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = ScorerRig.options(args);
        double rate = Double.parseDouble(opts.getOrDefault("rate", "30"));
        int fill = Integer.parseInt(opts.getOrDefault("fill", "20000"));
        int rollImages = Integer.parseInt(opts.getOrDefault("roll-images", "1500"));
        int failoverImages = Integer.parseInt(opts.getOrDefault("failover-images", "900"));
        List<String> only = List.of(opts.getOrDefault("scenarios", "kill,kill-dynamic,term,roll,failover0,failover1").split(","));
        System.out.printf("recovery: images at %.0f/s, failover after %d images at full speed; %s%n", rate, fill, load());

        List<String[]> rows = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            ScorerRecovery recovery = new ScorerRecovery(KafkaSettings.of(broker.bootstrapServers()), broker.bootstrapServers(),
                    Path.of("target", "recovery-bench"), rate);
            System.out.printf("recovery: scorers started with %s%n", recovery.launch());
            if (only.contains("kill")) {
                rows.add(restartRow("SIGKILL, restart, defaults (static membership)", recovery.restartMidStream("kill", true,
                        List.of(), s -> { })));
            }
            if (only.contains("kill-dynamic")) {
                rows.add(restartRow("SIGKILL, restart, --instance-id none (dynamic)", recovery.restartMidStream("killdyn", true,
                        List.of("--instance-id", "none"), s -> { })));
            }
            if (only.contains("term")) {
                rows.add(restartRow("SIGTERM, restart, defaults", recovery.restartMidStream("term", false, List.of(), s -> { })));
            }
            if (only.contains("roll")) {
                ScorerRecovery.Roll roll = recovery.rollingRestart("roll", 1, rollImages);
                System.out.printf("recovery: roll: %s%n", roll);
                rows.add(new String[] {"rolling restart of 2, 1 standby each", String.join(" / ", roll.steps()), "-",
                        Long.toString(roll.longestGapMillis()), "p50 " + roll.p50Millis() + ", p99 " + roll.p99Millis(),
                        roll.restored0() + " + " + roll.restored1(), roll.outcomes().summary(roll.sent())});
            }
            for (int standbys = 0; standbys <= 1; standbys++) {
                if (only.contains("failover" + standbys)) {
                    ScorerRecovery.Failover f = recovery.failover("failover" + standbys, standbys, fill, failoverImages);
                    System.out.printf("recovery: %s%n", f);
                    rows.add(new String[] {"failover, " + standbys + " standby, after " + fill + " images",
                            "stopped in " + f.stopMillis(), "-", Long.toString(f.longestGapMillis()), "p99 " + f.p99Millis(),
                            Long.toString(f.restoredInTakeover()), f.outcomes().summary(f.sent())});
                }
            }
        }
        System.out.printf("recovery: done; %s%n%n", load());
        System.out.println("| scenario | stop (ms) | restarted: healthy / first new outcome (ms after its start) "
                + "| longest gap of a partition (ms) | latency during (ms) | store records restored | exactly-once audit |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
    }

    private static String[] restartRow(String scenario, ScorerRecovery.Restart r) {
        System.out.printf("recovery: %s%n", r);
        return new String[] {scenario, Long.toString(r.stopMillis()), r.healthyMillis() + " / **" + r.resumeMillis() + "**",
                "-", "-", "-", r.audit()};
    }

    /** The machine's load average: the numbers mean little on a busy machine. */
    static String load() {
        try {
            return "load average " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "load average unknown";
        }
    }
}
