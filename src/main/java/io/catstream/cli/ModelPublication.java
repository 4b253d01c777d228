package io.catstream.cli;

import io.catstream.kafka.KafkaSettings;
import io.catstream.model.ModelArtifact;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.RecordSigner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * One model file put on the model topic as the next version of its name, with its role: what {@code catstream publish}
 * does, and what {@code catstream retrain} does after each round that trained. Every failure is a one-line
 * {@link UserError}; the report is the lines {@code publish} prints.
 */
final class ModelPublication {

    /** How long the publisher waits for the topic (read to its end, write, commit). */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ModelPublication() {
    }

    /**
     * Publishes {@code bytes} (the file {@code model}, already decoded as {@code artifact}) and prints what was written.
     *
     * @param signer null for unsigned records (checked against {@code --verify-key} by the caller)
     */
    static ModelPublisher.Published publish(KafkaSettings settings, String topic, Path model, byte[] bytes,
                                            ModelArtifact artifact, ModelPublisher.Role role, String reason,
                                            RecordSigner signer, PrintWriter out) {
        long start = System.nanoTime();
        ModelPublisher.Published published;
        try (ModelPublisher publisher = new ModelPublisher(settings, topic, artifact.name(), signer, Clock.systemUTC(), TIMEOUT)) {
            published = publisher.publish(bytes, role, reason);
        } catch (ModelPublisher.RefusedException e) {
            throw new UserError("refusing to publish --model " + model + ": " + e.refusal().reason().code() + ": "
                    + e.refusal().message(), e);
        } catch (IllegalStateException | org.apache.kafka.common.KafkaException e) {
            throw new UserError("cannot publish to " + topic + " at " + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "published %s@%d to %s offset %d: %,d bytes (record %,d bytes), sha256 %s, %s%n",
                artifact.name(), published.model().version(), topic, published.model().offset(), bytes.length,
                published.recordBytes(), published.model().sha256(),
                signer == null ? "unsigned" : "signed by key " + signer.keyId());
        if (published.challenger() != null) {
            out.println("challenger: " + artifact.name() + "@" + published.challenger().version() + " against champion "
                    + artifact.name() + "@" + published.challenger().championVersion() + " (the champion keeps scoring)");
        } else {
            out.println(published.activation() == null ? "active version unchanged (--no-activate)"
                    : "active: " + artifact.name() + "@" + published.activation().version()
                    + (published.activation().previousVersion() == null ? "" : " (was " + published.activation().previousVersion() + ")"));
        }
        out.printf(Locale.ROOT, "latency: %d ms write+commit, %d ms reading the topic for the version, %d ms total%n",
                published.writeAndCommit().toMillis(), published.readToEnd().toMillis(), total.toMillis());
        return published;
    }
}
