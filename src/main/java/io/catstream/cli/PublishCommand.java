package io.catstream.cli;

import io.catstream.kafka.KafkaSettings;
import io.catstream.model.ModelArtifact;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.RecordSigner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream publish}: a model file as the next version on the model topic. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Validate a model file and put it on the model-weights topic as the next version of its name,",
            "unchanged (float64 weights), and make it the active version (the champion) unless --no-activate,",
            "or the challenger with --as challenger. Nothing is written when the model is refused."})
final class PublishCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file to publish.")
    Path model;

    @Option(names = "--no-activate", description = "Publish only; keep the active version (and the challenger).")
    boolean noActivate;

    /** The policy "every new version starts as a challenger" is this option's default, set per environment. */
    @Option(names = "--as", paramLabel = "ROLE", defaultValue = "${env:CATSTREAM_PUBLISH_AS:-champion}",
            description = "champion: the new version scores at once (as before); challenger: it goes on trial against "
                    + "the champion, which keeps scoring (default: $CATSTREAM_PUBLISH_AS, else ${DEFAULT-VALUE}).")
    String as;

    @Option(names = "--reason", defaultValue = "publish", description = "Why, stored in the activation pointer (default: ${DEFAULT-VALUE}).")
    String reason;

    @Mixin
    SigningOptions signing;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicNameOptions topicNames;

    @Spec
    CommandSpec spec;

    private ModelPublisher.Role role() {
        boolean challenger = switch (as == null ? "champion" : as) {
            case "champion" -> false;
            case "challenger" -> true;
            default -> throw new UserError("invalid value '" + as + "' for --as (or $CATSTREAM_PUBLISH_AS): champion or challenger");
        };
        if (noActivate) {
            return ModelPublisher.Role.NONE;
        }
        return challenger ? ModelPublisher.Role.CHALLENGER : ModelPublisher.Role.CHAMPION;
    }

    @Override
    public Integer call() {
        // everything that can refuse, before connecting
        byte[] bytes = ModelFiles.readBytes(model, "--model");
        ModelArtifact artifact = ModelFiles.decode(bytes, model, "--model");
        ModelPublisher.Role role = role();
        RecordSigner signer = signing.signerMatchingVerifyKey();
        KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
        String topic = topicNames.names().modelWeights();

        ModelPublication.publish(settings, topic, model, bytes, artifact, role, reason, signer, spec.commandLine().getOut());
        return 0;
    }
}
