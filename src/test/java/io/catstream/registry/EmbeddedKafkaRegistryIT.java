package io.catstream.registry;

import io.catstream.testsupport.EmbeddedBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.catstream.model.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry contract on the in-process KRaft broker, plus what a non-Java client (kcat) sees. */
class EmbeddedKafkaRegistryIT extends ModelRegistryContract {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    @Override
    protected String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }

    @Test
    void shouldLetKcatReadAModelRecordWhoseSha256MatchesItsHeader() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")), "kcat is not installed (apt-get install -y kcat)");
        byte[] model = RegistryFixtures.smallModel("kcat", 4);
        long offset;
        try (ModelPublisher publisher = new ModelPublisher(settings(), topic(), "kcat", null, Clock.systemUTC(), DEADLINE)) {
            offset = publisher.publish(model, true, "kcat").model().offset();
        }

        byte[] value = kcat(offset, "%s");
        String keyAndHeaders = new String(kcat(offset, "%k %h"), StandardCharsets.UTF_8);

        assertThat(value).isEqualTo(model);
        assertThat(keyAndHeaders).startsWith("kcat@1 ").contains("catstream.kind=model")
                .contains("catstream.sha256=" + Sha256.hex(value));
    }

    /** One record's bytes as kcat prints them with {@code format}, as in docs/model-registry.md. */
    private byte[] kcat(long offset, String format) throws Exception {
        Process process = new ProcessBuilder("kcat", "-C", "-b", bootstrapServers(), "-t", topic(), "-p", "0",
                "-o", Long.toString(offset), "-c", "1", "-e", "-q", "-X", "fetch.message.max.bytes=17825792",
                "-f", format).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return out;
    }
}
