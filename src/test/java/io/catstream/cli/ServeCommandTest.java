package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.stream.ProcessingGuarantee;
import io.catstream.serve.ScoringConfig;
import io.catstream.testsupport.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code catstream serve} and {@code send}: options validated at the edge, before anything connects. */
class ServeCommandTest {

    private static ScoringConfig parse(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void shouldDefaultToExactlyOnceModelCatstreamPort8080AndOneMinuteWindows() {
        ScoringConfig config = parse("--bootstrap-servers", "127.0.0.1:9092");

        assertThat(config.guarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(config.modelName()).isEqualTo("catstream");
        assertThat(config.applicationId()).isEqualTo("catstream-scorer");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.accuracyWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.topics().images()).isEqualTo("images");
    }

    @Test
    void shouldMapEveryOptionIntoTheConfig() {
        ScoringConfig config = parse("--bootstrap-servers", "h:1", "--model-name", "cats", "--application-id", "a1",
                "--http-port", "0", "--accuracy-window", "30s", "--processing-guarantee", "at_least_once",
                "--stream-threads", "3", "--commit-interval", "20ms", "--max-image-bytes", "1000", "--max-pixels", "500",
                "--topic-prefix", "dev.");

        assertThat(config.modelName()).isEqualTo("cats");
        assertThat(config.applicationId()).isEqualTo("a1");
        assertThat(config.httpPort()).isZero();
        assertThat(config.accuracyWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.guarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
        assertThat(config.streamThreads()).isEqualTo(3);
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.limits().maxBytes()).isEqualTo(1000);
        assertThat(config.limits().maxPixels()).isEqualTo(500);
        assertThat(config.topics().labels()).isEqualTo("dev.image-labels");
    }

    @Test
    void shouldRefuseAnUnknownProcessingGuaranteeWithExitCode2() {
        CliRun run = CliRun.of("serve", "--processing-guarantee", "exactly_once", "--bootstrap-servers", "127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("processing guarantee must be one of [exactly_once_v2, at_least_once]");
    }

    @Test
    void shouldKeepDriftStatisticsOnOverFiveMinutesUnlessTurnedOff() {
        assertThat(parse("--bootstrap-servers", "h:1").driftWindow()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(parse("--bootstrap-servers", "h:1", "--drift-window", "15m").driftWindow())
                .isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(parse("--bootstrap-servers", "h:1", "--no-drift-statistics").driftWindow()).isNull();

        CliRun run = CliRun.of("serve", "--drift-window", "10ms", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("drift window");
    }

    @Test
    void shouldShadowScoreEveryImageByDefaultAndTakeAFractionBetweenZeroAndOne() {
        assertThat(parse("--bootstrap-servers", "h:1").shadowFraction().fraction()).isEqualTo(1.0);
        assertThat(parse("--bootstrap-servers", "h:1", "--shadow-fraction", "0.25").shadowFraction().fraction()).isEqualTo(0.25);

        CliRun run = CliRun.of("serve", "--shadow-fraction", "1.5", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid value 1.5 for the shadow fraction");
    }

    @Test
    void shouldTrustControllerKeysBesideTheVerifyKeyAndRefuseThemWithoutOne(@TempDir Path dir) {
        assertThat(CliRun.of("keys", "generate", "--out", dir.resolve("trainer").toString()).exitCode()).isZero();
        assertThat(CliRun.of("keys", "generate", "--out", dir.resolve("gate").toString()).exitCode()).isZero();
        assertThat(CliRun.of("keys", "generate", "--out", dir.resolve("gate2").toString()).exitCode()).isZero();
        String gate = dir.resolve("gate/catstream-signing.pub").toString();
        String gate2 = dir.resolve("gate2/catstream-signing.pub").toString();

        ScoringConfig config = parse("--bootstrap-servers", "h:1", "--verify-key",
                dir.resolve("trainer/catstream-signing.pub").toString(), "--controller-key", gate + "," + gate2);
        assertThat(config.controllerKeys()).hasSize(2).doesNotContain(config.verifyKey());
        assertThat(parse("--bootstrap-servers", "h:1").controllerKeys()).isEmpty();

        CliRun run = CliRun.of("serve", "--controller-key", gate, "--bootstrap-servers", "127.0.0.1:9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--controller-key needs --verify-key");
    }

    @Test
    void shouldRefuseAnAccuracyWindowBelowOneSecond() {
        CliRun run = CliRun.of("serve", "--accuracy-window", "10ms", "--bootstrap-servers", "127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("accuracy window");
    }

    @Test
    void shouldRefuseToSendAMissingPath() {
        CliRun run = CliRun.of("send", "/no/such/folder", "--bootstrap-servers", "127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no such file or folder: /no/such/folder");
    }

    @Test
    void shouldDefaultToStaticMembershipAsTheHostNameAPersistentStateDirAndNoLiveView() {
        ScoringConfig config = parse("--bootstrap-servers", "127.0.0.1:9092");

        assertThat(config.instanceId()).isEqualTo(InstanceIds.hostName()).isNotBlank();
        String stateDir = System.getenv("CATSTREAM_STATE_DIR");
        assertThat(config.stateDir()).isEqualTo(stateDir != null ? Path.of(stateDir)
                : Path.of(System.getProperty("user.home"), ".catstream", "state"));
        assertThat(config.liveView()).isFalse();
        assertThat(config.httpHost()).isNull();
        assertThat(config.standbyReplicas()).isZero();
        assertThat(config.leaveGroupOnClose()).isTrue();
    }

    @Test
    void shouldMapTheOperationsOptionsIntoTheConfig() {
        ScoringConfig config = parse("--bootstrap-servers", "h:1", "--instance-id", "scorer-1", "--standby-replicas", "1",
                "--http-host", "127.0.0.1", "--live-view", "--no-leave-group-on-stop", "--state-dir", "/var/lib/catstream");

        assertThat(config.instanceId()).isEqualTo("scorer-1");
        assertThat(config.standbyReplicas()).isEqualTo(1);
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.liveView()).isTrue();
        assertThat(config.leaveGroupOnClose()).isFalse();
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/catstream"));
        assertThat(parse("--bootstrap-servers", "h:1", "--instance-id", "none").instanceId()).isNull();
    }

    @Test
    void shouldRefuseAnInstanceIdThatCannotBeAGroupInstanceIdWithExitCode2() {
        CliRun run = CliRun.of("serve", "--instance-id", "two words", "--bootstrap-servers", "127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid value 'two words' for the instance id");
    }
}
