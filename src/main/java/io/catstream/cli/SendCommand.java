package io.catstream.cli;

import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.Topics;
import io.catstream.send.ImageSender;
import io.catstream.send.ImageSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code catstream send}: image files to the images topic. */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Produce image files to the images topic: key = image id (the path relative to a folder given,",
            "e.g. cats/cat.1.jpg, or the file name), value = the file's bytes, header label=1/0 for files under",
            "cats/ or random_images/ (docs/streaming.md). Prints what was sent."})
final class SendCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Image files or folders (walked recursively).")
    List<Path> paths;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "N",
            description = "Images per second; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Send at most N records; 0 = all (default).")
    long limit;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N", description = "Send the whole set N times (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--no-label", description = "Send no label header: the truth comes later, on image-truth "
            + "(catstream truth, docs/truth.md).")
    boolean noLabel;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicNameOptions topicNames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (rate < 0 || limit < 0 || repeat < 1) {
            throw new UserError("invalid --rate/--limit/--repeat: rate >= 0, limit >= 0, repeat >= 1");
        }
        List<ImageSource> images;
        try {
            images = ImageSource.collect(paths);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new UserError("no files found in " + paths);
        }
        if (noLabel) {
            images = images.stream().map(ImageSource::withoutLabel).toList();
        }
        KafkaSettings settings = kafka.connect(spec.commandLine().getErr());
        String topic = topicNames.names().resolve(Topics.IMAGES);
        PrintWriter out = spec.commandLine().getOut();
        long labelled = images.stream().filter(i -> i.label() != null).count();
        out.printf(Locale.ROOT, "sending %d files (%d labelled) to %s at %s%s%n", images.size(), labelled, topic,
                settings.bootstrapServers(), rate > 0 ? String.format(Locale.ROOT, ", %.0f images/s", rate) : "");
        ImageSender.Summary summary;
        try (ImageSender sender = new ImageSender(settings, topic)) {
            summary = sender.send(images, rate, limit, repeat, s -> out.printf(Locale.ROOT, "  %,d sent, %.0f images/s%n",
                    s.count(), s.imagesPerSecond()));
        } catch (org.apache.kafka.common.KafkaException e) {
            throw kafka.cannotWrite(topic, e, "User:sender");
        }
        out.printf(Locale.ROOT, "sent %,d images, %,d bytes in %.2f s: %.1f images/s, %.2f MB/s%s%n", summary.count(),
                summary.bytes(), summary.elapsed().toNanos() / 1e9, summary.imagesPerSecond(),
                summary.bytes() / 1e6 / Math.max(1e-9, summary.elapsed().toNanos() / 1e9),
                summary.failed() > 0 ? ", " + summary.failed() + " FAILED" : "");
        return summary.failed() > 0 ? 1 : 0;
    }
}
