package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.registry.RegistryFixtures;
import io.catstream.testsupport.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options of the role commands that refuse before connecting (no broker: port 1 is never reached). */
class RoleOptionsTest {

    private static final String NOWHERE = "127.0.0.1:1";

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAControllerKeyWithoutAVerifyKey() {
        assertThat(CliRun.of("keys", "generate", "--out", dir.toString()).exitCode()).isZero();

        CliRun run = CliRun.of("models", "list", "--controller-key", dir.resolve("catstream-signing.pub").toString(),
                "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(UserError.BAD_INPUT);
        assertThat(run.err()).contains("--controller-key needs --verify-key");
    }

    @Test
    void shouldRefuseAnUnknownRoleForPublish() throws Exception {
        Path model = Files.write(dir.resolve("m.catmodel"), RegistryFixtures.smallModel("cats", 1));

        CliRun run = CliRun.of("publish", "--model", model.toString(), "--as", "canary", "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(UserError.BAD_INPUT);
        assertThat(run.err()).contains("invalid value 'canary' for --as");
    }

    @Test
    void shouldRefuseToSignRoleChangesWithAKeyConsumersDoNotTrust() {
        assertThat(CliRun.of("keys", "generate", "--out", dir.resolve("trainer").toString()).exitCode()).isZero();
        assertThat(CliRun.of("keys", "generate", "--out", dir.resolve("other").toString()).exitCode()).isZero();

        CliRun run = CliRun.of("models", "promote", "--sign-key", dir.resolve("other/catstream-signing.key").toString(),
                "--verify-key", dir.resolve("trainer/catstream-signing.pub").toString(), "--bootstrap-servers", NOWHERE);

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(UserError.BAD_INPUT);
        assertThat(run.err()).contains("signature-invalid");
    }
}
