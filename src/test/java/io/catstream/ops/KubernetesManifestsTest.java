package io.catstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/*.yaml validated offline against the Kubernetes OpenAPI schemas and the Prometheus Operator CRD
 * schema, by npm's kubernetes-models run under Node.js (deploy/kubernetes/validate/validate.mjs). No cluster: what
 * this does and does not prove is in docs/deployment.md, "What was run here and what was not".
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("deploy", "kubernetes");
    private static final Path VALIDATOR = MANIFESTS.resolve("validate");

    private static void requireInstalledValidator() {
        if (!Files.isDirectory(VALIDATOR.resolve("node_modules").resolve("kubernetes-models"))) {
            String reason = "the validator's npm packages are not installed: (cd " + VALIDATOR + " && npm ci), as .ci/run does";
            if (ExternalTool.onCi()) {
                fail(reason + "; CI=true, so this is a failure, not a skip");
            }
            Assumptions.abort(reason);
        }
    }

    @Test
    void shouldValidateEveryManifestAgainstTheKubernetesAndPrometheusOperatorSchemas() throws Exception {
        requireInstalledValidator();

        ExternalTool.Result result = ExternalTool.NODE.run(VALIDATOR, "validate.mjs", "..");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output()).contains(
                "ok   scorer-statefulset.yaml: apps/v1/StatefulSet catstream-scorer",
                "ok   scorer-service.yaml: v1/Service catstream-scorer",
                "ok   scorer-podmonitor.yaml: monitoring.coreos.com/v1/PodMonitor catstream-scorer",
                "ok   topics-job.yaml: batch/v1/Job catstream-topics-apply",
                "ok   retrain-cronjob.yaml: batch/v1/CronJob catstream-retrain",
                "6 passed, 0 failed");
    }

    @Test
    void shouldRejectAStatefulSetWithWrongTypesAndAnUnknownKind(@TempDir Path dir) throws Exception {
        requireInstalledValidator();
        String statefulSet = Files.readString(MANIFESTS.resolve("scorer-statefulset.yaml"));
        Files.writeString(dir.resolve("broken.yaml"), statefulSet.replace("replicas: 2", "replicas: two")
                .replace("containerPort: 8080", "containerPort: http"));
        Files.writeString(dir.resolve("unknown.yaml"), String.join("\n", List.of(
                "apiVersion: example.com/v1", "kind: Scorer", "metadata:", "  name: x", "")));

        ExternalTool.Result result = ExternalTool.NODE.run(VALIDATOR, "validate.mjs", dir.toAbsolutePath().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.output()).contains("data/spec/replicas must be integer",
                "containers/0/ports/0/containerPort must be integer", "no schema for this apiVersion and kind",
                "0 passed, 2 failed");
    }

    @Test
    void shouldRunOneRetrainingRoundPerScheduleWithArgumentsTheCommandLineAccepts() throws IOException {
        String cronJob = Files.readString(MANIFESTS.resolve("retrain-cronjob.yaml"));
        List<String> args = cronJob.lines().dropWhile(l -> !l.strip().equals("args:")).skip(1)
                .takeWhile(l -> l.strip().startsWith("- ")).map(l -> l.strip().substring(2)).toList();

        assertThat(args).startsWith("retrain", "--once").contains("--publish-as=challenger");
        assertThat(cronJob).contains("concurrencyPolicy: Forbid", "restartPolicy: Never");
        // a round spills the window's image bytes to java.io.tmpdir: a volume of bounded size there, and the pod asks for it
        assertThat(cronJob).contains("mountPath: /tmp", "sizeLimit: 20Gi", "ephemeral-storage: 20Gi");
        // parsed (not run) by catstream's own command line: a misspelt option fails here, not in the cluster at 3 am
        picocli.CommandLine.ParseResult parsed = io.catstream.cli.CatstreamCommand.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("retrain");
        assertThat(parsed.subcommand().hasMatchedOption("--once")).isTrue();
        assertThat(Files.readString(MANIFESTS.resolve("kustomization.yaml")))
                .as("applied on purpose only: it holds the trainer's signing key").doesNotContain("retrain-cronjob.yaml");
    }

    @Test
    void shouldProbeTheScorersHealthEndpointsAndKeepItsStateOnAVolume() throws IOException {
        String statefulSet = Files.readString(MANIFESTS.resolve("scorer-statefulset.yaml"));

        assertThat(statefulSet).contains("path: /health/live", "path: /health/ready", "value: /var/lib/catstream",
                "mountPath: /var/lib/catstream", "volumeClaimTemplates:", "--standby-replicas=1");
    }
}
