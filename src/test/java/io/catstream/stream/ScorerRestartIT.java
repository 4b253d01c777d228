package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.EmbeddedBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator's restart of {@code catstream serve} while images flow, with serve's DEFAULT settings: no
 * {@code --command-config}, so Kafka's 45 s {@code session.timeout.ms}; no {@code --instance-id} (the host name);
 * no {@code --state-dir} (its default, here pointed at a fresh directory through {@code CATSTREAM_STATE_DIR}, as a
 * deployment would). Scoring must resume within 10 s of the new process's start (asserted where the
 * machine is not overloaded: {@link #QUIET_FIRST_START_MILLIS}), after a SIGKILL and after a SIGTERM,
 * and every image must have exactly one outcome.
 * The scenario itself is {@link ScorerRecovery#restartMidStream} (bench/recovery.sh runs it too). "Resumed" is the first outcome of an image sent after the old process
 * was gone: only the new one can have written it. Images flow at 30/s from before the stop until 150 more were sent
 * after scoring resumed.
 */
class ScorerRestartIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final Duration RESUME_GOAL = Duration.ofSeconds(10);
    private static final double RATE = 30;
    /**
     * Kafka Streams' warning when exactly-once finds a crashed store without a checkpoint and wipes it to restore it
     * from the changelog's beginning: printed, not asserted (it happens after every SIGKILL; docs/deployment.md).
     */
    private static final String WIPED_STORES = "are corrupted and hence need to be re-initialized";

    /**
     * A first start (process start to /health 200) this quick means the machine is not overloaded: then the issue's
     * goal, 10 s from the restart to the first new outcome, is asserted. On a loaded machine a start-up takes 30-90 s
     * of CPU starvation (docs/operations.md, "Restart and recovery") and no timing means anything: only exactly-once
     * is asserted and the times are printed. bench/recovery.sh measures them on a quiet machine.
     */
    private static final long QUIET_FIRST_START_MILLIS = RESUME_GOAL.toMillis() * 2 / 3;

    private static void assertResumedWithinGoalOnAQuietMachine(ScorerRecovery.Restart r) {
        if (r.firstStartMillis() <= QUIET_FIRST_START_MILLIS) {
            assertThat(r.resumeMillis()).as(r.toString()).isLessThan(RESUME_GOAL.toMillis());
        } else {
            System.out.printf("restart-it: %s: 10 s goal not asserted: the first start took %d ms (> %d ms), an overloaded "
                    + "machine%n", r.how(), r.firstStartMillis(), QUIET_FIRST_START_MILLIS);
        }
    }

    @Test
    void shouldResumeWithin10SecondsOfARestartWithDefaultSettingsAfterSigkillAndLabelEveryImageOnce() throws Exception {
        ScorerRecovery.Restart r = restartMidStream("kill", true);

        assertResumedWithinGoalOnAQuietMachine(r);
        System.out.printf("restart-it: kill: the restarted scorer wiped and restored crashed stores: %s%n",
                r.logs().contains(WIPED_STORES));
    }

    @Test
    void shouldStopOnSigtermAndResumeWithin10SecondsOfARestartAndLabelEveryImageOnce() throws Exception {
        ScorerRecovery.Restart r = restartMidStream("term", false);

        assertResumedWithinGoalOnAQuietMachine(r);
        assertThat(r.stopMillis()).as(r.toString()).isLessThan(30_000); // serve's close timeout
        assertThat(ScorerRecovery.stopLine(r.logs())).as("serve's own stop time").isNotNull();
    }

    private static ScorerRecovery.Restart restartMidStream(String name, boolean kill) throws IOException, InterruptedException {
        ScorerRecovery recovery = new ScorerRecovery(KAFKA.settings(), KAFKA.bootstrapServers(), Path.of("target", "restart-it"), RATE);
        ScorerRecovery.Restart r = recovery.restartMidStream(name, kill, List.of(), scorer -> {
            assertStaticMembers(name + "-scorer");
            assertProbesAndNoLiveView(scorer.httpPort());
            System.out.printf("restart-it: %s scorer (-Xmx256m, 2 stream threads, %.0f images/s): %s%n", name, RATE,
                    residentMemory(scorer.pid()));
        });
        System.out.printf("restart-it: %s (scorers started with %s)%n", r, recovery.launch());
        List<String> sent = r.sent();
        assertThat(sent).hasSizeGreaterThan(r.firstAfterStop());
        assertThat(r.outcomes().missing(sent)).as("missing (scorer logs in target/restart-it/%s)", name).isEmpty();
        assertThat(r.outcomes().duplicates()).isEmpty();
        assertThat(r.outcomes().unexpected(sent)).isEmpty();
        assertThat(r.outcomes().deadLetters())
                .hasSize((int) sent.stream().filter(id -> ScorerRecovery.index(id) % 25 == 24).count());
        return r;
    }

    /** Static membership in effect: every member of the group has a group.instance.id, one per stream thread. */
    private static void assertStaticMembers(String applicationId) {
        try (Admin admin = Admin.create(KAFKA.settings().clientConfig(Map.of()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId);
            List<String> ids = group.members().stream().map(MemberDescription::groupInstanceId)
                    .map(id -> id.orElse("(none)")).sorted().toList();
            System.out.printf("restart-it: %s members' group.instance.id: %s%n", applicationId, ids);
            assertThat(ids).hasSize(2).allSatisfy(id -> assertThat(id).matches(".+-[12]"));
            assertThat(ids.get(0).replaceAll("-1$", "")).isEqualTo(ids.get(1).replaceAll("-2$", ""));
        } catch (Exception e) {
            throw new AssertionError("cannot describe group " + applicationId + ": " + e, e);
        }
    }

    /**
     * A default serve answers Prometheus and the probes, and hands out no recent images: no live view at {@code /}, no
     * {@code /api/status} (thumbnails and image ids) unless {@code --live-view}.
     */
    private static void assertProbesAndNoLiveView(int port) {
        assertThat(StreamTestKit.get(port, "/metrics").body()).contains("catstream_images_scored_total");
        assertThat(StreamTestKit.get(port, "/health").statusCode()).isEqualTo(200);
        assertThat(StreamTestKit.get(port, "/health/live").statusCode()).isEqualTo(200);
        assertThat(StreamTestKit.get(port, "/health/ready").statusCode()).isEqualTo(200);
        assertThat(StreamTestKit.get(port, "/api/status").statusCode()).isEqualTo(404);
        assertThat(StreamTestKit.get(port, "/").statusCode()).isEqualTo(404);
        assertThat(StreamTestKit.get(port, "/app.js").statusCode()).isEqualTo(404);
    }

    /** The process's resident memory (VmRSS, VmHWM) from /proc, for the Kubernetes memory request. */
    private static String residentMemory(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return "(no /proc)";
        }
        try {
            return String.join(", ", Files.readAllLines(status).stream()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM")).map(l -> l.replaceAll("\\s+", " ")).toList());
        } catch (IOException e) {
            return "(cannot read " + status + ": " + e + ")";
        }
    }
}
