package io.catstream.cli;

import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.Topics;
import io.catstream.send.TruthSender;
import io.catstream.send.TruthSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code catstream truth}: truth for images already sent, to the image-truth topic. */
@Command(name = "truth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Produce truth to the image-truth topic: key = image id, value {\"is_cat\":…,\"source\":…,\"at\":…}.",
            "From a CSV file (image_id,is_cat) or labelled folders (cats/, random_images/, ids as send makes them).",
            "The scorer joins it with the labels into labelled-predictions (docs/truth.md). Prints what was sent."})
final class TruthCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FOLDER", description = "Labelled folders (walked recursively), as given to send.")
    List<Path> folders = List.of();

    @Option(names = "--csv", paramLabel = "FILE", description = "A CSV file of image_id,is_cat lines (is_cat 1/0/true/false).")
    Path csv;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N",
            description = "Truth records per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--delay", defaultValue = "0s", paramLabel = "DURATION", converter = Durations.class,
            description = "Wait this long before the first record, e.g. 5s: started beside send at the same --rate, "
                    + "each image's truth comes about this much after the image (default: ${DEFAULT-VALUE}).")
    Duration delay;

    @Option(names = "--fraction", defaultValue = "1", paramLabel = "F",
            description = "Send truth for about this fraction of the images, the same ones every run (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(names = "--source", defaultValue = "catstream-truth", paramLabel = "NAME",
            description = "Who says so: the truth records' source (default: ${DEFAULT-VALUE}).")
    String source;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicNameOptions topicNames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (rate < 0 || !(fraction >= 0 && fraction <= 1) || delay.isNegative()) {
            throw new UserError("invalid --rate/--fraction/--delay: rate >= 0, fraction 0 to 1, delay >= 0");
        }
        if ((csv == null) == folders.isEmpty()) {
            throw new UserError("give either --csv FILE or labelled folders, not " + (csv == null ? "neither" : "both"));
        }
        List<TruthSource> truths;
        try {
            truths = TruthSource.fraction(csv != null ? TruthSource.readCsv(csv) : TruthSource.fromFolders(folders), fraction);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
        String topic = topicNames.names().resolve(Topics.IMAGE_TRUTH);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "sending truth for %d images (%d cats) to %s at %s%s%s%n", truths.size(),
                truths.stream().filter(TruthSource::isCat).count(), topic, settings.bootstrapServers(),
                rate > 0 ? String.format(Locale.ROOT, ", %.0f/s", rate) : "",
                delay.isZero() ? "" : ", after " + delay.toMillis() + " ms");
        out.flush();
        TruthSender.Summary summary;
        try (TruthSender sender = new TruthSender(settings, topic, source, Clock.systemUTC())) {
            summary = sender.send(truths, rate, delay);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw kafka.cannotWrite(topic, e, "User:labeller");
        }
        out.printf(Locale.ROOT, "sent truth for %,d images in %.2f s%s%n", summary.count(),
                summary.elapsed().toNanos() / 1e9, summary.failed() > 0 ? ", " + summary.failed() + " FAILED" : "");
        return summary.failed() > 0 ? 1 : 0;
    }
}
