package io.catstream.cli;

import io.catstream.dataset.DatasetFolder;
import io.catstream.dataset.DatasetHash;
import io.catstream.dataset.KafkaDataset;
import io.catstream.model.DataLineage;
import io.catstream.model.ModelArtifact;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream dataset export}: a model's training set, read back from Kafka by its lineage. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Data sets read from Kafka (docs/retraining.md).",
        subcommands = {DatasetCommand.Export.class})
final class DatasetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Re-read exactly the offsets a model trained from Kafka names in its lineage and write the data set",
                "as DIR/cats + DIR/random_images with the images' original bytes, checked against the lineage's SHA-256.",
                "Exit code 2 when Kafka no longer holds some of them (retention), naming topic, partition and offsets."})
    static final class Export implements Callable<Integer> {

        @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file trained with --from-kafka.")
        Path model;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write cats/ and random_images/.")
        Path out;

        @Mixin
        KafkaDatasetSource source;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelArtifact artifact = ModelFiles.read(model, "--model");
            DataLineage lineage = artifact.training().source();
            if (lineage == null) {
                throw new UserError("--model " + model + " records no data lineage (trained before issue #14, or from NumPy "
                        + "arrays): nothing to export; train with --from-kafka");
            }
            // one image in memory at a time: the bytes are hashed and written from the read's spill file
            try (KafkaDataset.Read read = source.reread(lineage)) {
                String sha = DatasetHash.of(read.set().images());
                if (!sha.equals(lineage.sha256())) {
                    throw new UserError("the records at the model's offsets are not its data set: sha256 " + sha + ", the model "
                            + "records " + lineage.sha256() + " (was the topic re-created, or the truth changed?)");
                }
                int written;
                try {
                    written = DatasetFolder.write(read.set().images(), out);
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    throw new UserError("--out: " + e.getMessage(), e);
                }
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.printf(Locale.ROOT, "wrote %d images (%d cats, %d not) to %s; sha256 %s matches the model's lineage%n",
                        written, read.set().count(true), read.set().count(false), out, sha);
            }
            return 0;
        }
    }
}
