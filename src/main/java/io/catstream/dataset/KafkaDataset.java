package io.catstream.dataset;

import io.catstream.kafka.KafkaSettings;
import io.catstream.model.DataLineage;
import io.catstream.model.DataLineage.OffsetRange;
import io.catstream.stream.Label;
import io.catstream.stream.Truth;
import io.catstream.train.DatasetException;
import io.catstream.train.EncodedImageExamples;
import io.catstream.train.ExampleSets;
import io.catstream.train.ImageLoader;
import io.catstream.train.LoadedImages;
import io.catstream.train.TrainingData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training set read from Kafka: the images of a range of {@code images} that have truth, from their {@code label}
 * header or from {@code image-truth} (read whole, up to its end at read time), decided by {@link TruthRules} and put
 * in canonical order, with its {@link DataLineage}. The images' bytes are spilled to a temporary file as they are read
 * ({@link ImageSpill}), so memory holds an index, not the data set: a {@link Read} must be closed. {@link #reread}
 * reads exactly the offsets a lineage names again, for {@code catstream dataset export}.
 */
public final class KafkaDataset {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDataset.class);
    /** Class names of {@code training.source.classes}. */
    public static final String CAT = "cat";
    public static final String NOT_CAT = "not-cat";

    /**
     * The data set and where it came from. Its images' bytes are in a temporary spill file (see {@link SpilledImages}),
     * which {@link #close} deletes: close it once the images are no longer needed (trained on, hashed, written).
     */
    public record Read(TruthRules.Decided set, DataLineage lineage) implements AutoCloseable {

        /**
         * Decodes the whole set into memory with {@code loader}, the folder path's own (same preprocessor, order and
         * skipping), for the article recipe's full-batch solver; returns the examples with the lineage completed by
         * the count of images the decoder could not read.
         */
        public Loaded load(ImageLoader loader) {
            LoadedImages loaded = loader.load(source(), set.images());
            return new Loaded(loaded, withUnreadable(loaded.skipped().size()));
        }

        /**
         * The set as examples decoded a mini-batch at a time from the spill ({@code mlp}, {@code cnn}), split off as a
         * folder's are; the sets' {@code close} closes this read. Memory: an index and a label per image.
         */
        public Streamed stream(ImageLoader loader, double testFraction, long splitSeed) {
            EncodedImageExamples all = loader.index(source(), set.images());
            DataLineage completed = withUnreadable(all.skipped());
            return new Streamed(ExampleSets.split(all, testFraction, splitSeed, describe(completed), this::close), completed);
        }

        private String source() {
            return "kafka:" + lineage.clusterId();
        }

        private DataLineage withUnreadable(int unreadable) {
            Map<String, Long> leftOut = new TreeMap<>(lineage.leftOut());
            if (unreadable > 0) {
                leftOut.put(LeftOut.UNREADABLE, (long) unreadable);
            }
            return new DataLineage(lineage.kind(), lineage.clusterId(), lineage.ranges(), lineage.classes(), leftOut,
                    lineage.sha256());
        }

        /** Deletes the spill file of the images. */
        @Override
        public void close() {
            set.close();
        }
    }

    /** Decoded examples of a data set and its lineage. */
    public record Loaded(LoadedImages images, DataLineage lineage) {
        /** Training and test examples, split off as a folder's are ({@code train --recipe article --from-kafka}). */
        public TrainingData split(double testFraction, long splitSeed) {
            return TrainingData.split(images, testFraction, splitSeed, describe(lineage));
        }
    }

    /** Training and test examples read from the spill when used, and the lineage of the data set. */
    public record Streamed(ExampleSets sets, DataLineage lineage) {
    }

    /** A short description for the training report: cluster and image ranges. */
    static String describe(DataLineage lineage) {
        return "kafka:" + lineage.clusterId() + " " + lineage.ranges().stream().filter(r -> r.count() > 0)
                .map(OffsetRange::toString).limit(12).toList();
    }

    private final KafkaSettings settings;
    private final String imagesTopic;
    private final String truthTopic;
    private final Duration stall;

    public KafkaDataset(KafkaSettings settings, String imagesTopic, String truthTopic, Duration stall) {
        this.settings = settings;
        this.imagesTopic = imagesTopic;
        this.truthTopic = truthTopic;
        this.stall = stall;
    }

    /**
     * The images {@code range} selects, with all truth on the truth topic now.
     *
     * @throws NoTruthException when none of them has truth
     */
    public Read read(DatasetRange range) {
        return requireTruth(readEvenEmpty(range));
    }

    /**
     * As {@link #read}, but a range where no image has truth gives an empty set instead of an error: for
     * {@code catstream retrain}, to which that is a round with nothing to train on, not a mistake.
     */
    public Read readEvenEmpty(DatasetRange range) {
        try (RangeReader reader = new RangeReader(settings, stall)) {
            List<OffsetRange> images = reader.resolve(imagesTopic, range);
            List<OffsetRange> truth = reader.whole(truthTopic);
            return read(reader, reader.clusterId(), images, truth);
        }
    }

    /**
     * Exactly the offsets {@code lineage} names, on a cluster that must be the one it names.
     *
     * @throws RecordsGoneException when some of them are gone
     * @throws DatasetException     for another cluster, or a lineage without ranges of these topics
     */
    public Read reread(DataLineage lineage) {
        if (!DataLineage.KAFKA.equals(lineage.kind())) {
            throw new DatasetException("the model was trained from a " + lineage.kind() + ", not from Kafka: nothing to re-read");
        }
        List<OffsetRange> images = lineage.rangesOf(imagesTopic);
        if (images.isEmpty()) {
            throw new DatasetException("the model's lineage has no ranges of topic " + imagesTopic + " (it has "
                    + lineage.ranges().stream().map(OffsetRange::topic).distinct().toList() + "; see --topic)");
        }
        try (RangeReader reader = new RangeReader(settings, stall)) {
            String cluster = reader.clusterId();
            if (!cluster.equals(lineage.clusterId())) {
                throw new DatasetException("the model was trained from cluster " + lineage.clusterId() + ", but "
                        + settings.bootstrapServers() + " is cluster " + cluster + ": its offsets mean other records here");
            }
            return requireTruth(read(reader, cluster, images, lineage.rangesOf(truthTopic)));
        }
    }

    private Read requireTruth(Read read) {
        if (read.set().images().isEmpty()) {
            read.close();
            throw new NoTruthException("no image in " + read.lineage().rangesOf(imagesTopic) + " has truth (left out: "
                    + read.set().leftOut() + ")");
        }
        return read;
    }

    private Read read(RangeReader reader, String clusterId, List<OffsetRange> images, List<OffsetRange> truth) {
        ImageSpill spill = ImageSpill.create();
        try {
            return read(reader, clusterId, images, truth, new TruthRules(spill));
        } catch (RuntimeException | Error e) {
            spill.close(); // a read that failed leaves no file; one that succeeded hands the spill to its Read
            throw e;
        }
    }

    private Read read(RangeReader reader, String clusterId, List<OffsetRange> images, List<OffsetRange> truth,
                      TruthRules rules) {
        reader.read(images, "reading " + imagesTopic,
                r -> rules.image(r.key(), r.value(), Label.truthOf(r.headers())));
        long[] malformed = {0};
        reader.read(truth, "reading " + truthTopic, r -> {
            try {
                rules.truth(r.key(), Truth.parse(r.key(), r.value(), Instant.ofEpochMilli(r.timestamp())).isCat());
            } catch (Truth.Rejected e) {
                malformed[0]++; // the scorer dead-letters it; here it is simply not truth
            }
        });
        if (malformed[0] > 0) {
            LOG.warn("{} records on {} were not truth (malformed) and were ignored", malformed[0], truthTopic);
        }
        TruthRules.Decided set = rules.decide();
        Map<String, Long> classes = new TreeMap<>(Map.of(CAT, set.count(true), NOT_CAT, set.count(false)));
        List<OffsetRange> ranges = new ArrayList<>(images);
        ranges.addAll(truth);
        DataLineage lineage = new DataLineage(DataLineage.KAFKA, clusterId, ranges, classes, set.leftOut(),
                DatasetHash.of(set.images()));
        return new Read(set, lineage);
    }
}
