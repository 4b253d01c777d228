package io.catstream.cli;

import io.catstream.backtest.BacktestException;
import io.catstream.dataset.DatasetRange;
import io.catstream.dataset.KafkaDataset;
import io.catstream.dataset.RecordsGoneException;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.Topics;
import io.catstream.model.DataLineage;
import io.catstream.train.DatasetException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The cluster and topics a data set is read from ({@code train --from-kafka}, {@code dataset export}, {@code backtest}), with every
 * failure of the read turned into a one-line user error: records gone, no truth, an unreachable cluster.
 */
final class KafkaDatasetSource {

    /** How long a partition may stop advancing while a data set is read. */
    static final Duration STALL = Duration.ofSeconds(60);

    @Mixin
    KafkaOptions kafka;

    @Mixin
    TopicNameOptions topicNames;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    String imagesTopic() {
        return topicNames.names().resolve(Topics.IMAGES);
    }

    /** The data set {@code range} selects. */
    KafkaDataset.Read read(DatasetRange range) {
        return readOrFail(dataset -> dataset.read(range));
    }

    /** The data set {@code range} selects, empty when no image in it has truth ({@code retrain} skips the round). */
    KafkaDataset.Read readEvenEmpty(DatasetRange range) {
        return readOrFail(dataset -> dataset.readEvenEmpty(range));
    }

    /** Exactly the records of {@code lineage} again. */
    KafkaDataset.Read reread(DataLineage lineage) {
        return readOrFail(dataset -> dataset.reread(lineage));
    }

    private KafkaDataset.Read readOrFail(Function<KafkaDataset, KafkaDataset.Read> read) {
        return withCluster((settings, names) -> read.apply(new KafkaDataset(settings, names.resolve(Topics.IMAGES),
                names.resolve(Topics.IMAGE_TRUTH), STALL)));
    }

    /** {@code read} on this command's cluster (once it answered) and topic names, its failures one-line user errors. */
    <T> T withCluster(BiFunction<KafkaSettings, TopicNames, T> read) {
        PrintWriter err = mixee.commandLine().getErr();
        KafkaSettings settings = kafka.connect(err);
        TopicNames names = topicNames.names();
        return orUserError(settings, () -> read.apply(settings, names));
    }

    /**
     * Runs a read of a data set (or a backtest of one) at {@code settings}: records gone, no truth, no champion, an
     * unreachable cluster become a one-line user error (exit code 2).
     */
    static <T> T orUserError(KafkaSettings settings, Supplier<T> read) {
        try {
            return read.get();
        } catch (RecordsGoneException | DatasetException | BacktestException e) {
            throw new UserError(e.getMessage(), e);
        } catch (KafkaException e) {
            throw new UserError("cannot read the data set at " + settings.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }
}
