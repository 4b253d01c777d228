package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.dataset.DatasetHash;
import io.catstream.dataset.KafkaDataset;
import io.catstream.dataset.LabelledImage;
import io.catstream.dataset.SpilledImages;
import io.catstream.dataset.TruthRules;
import io.catstream.model.DataLineage;
import io.catstream.model.ModelArtifact;
import io.catstream.model.TestModels;
import io.catstream.registry.Activation;
import io.catstream.registry.Challenger;
import io.catstream.registry.GateDecision;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When a round of {@code catstream retrain} skips, decided from the registry and the data set alone. */
class RetrainChecksTest {

    private static final String NAME = "cats";
    private static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");

    private final ModelRegistry registry = new ModelRegistry();
    private final List<KafkaDataset.Read> opened = new ArrayList<>();

    @AfterEach
    void closeReads() {
        opened.forEach(KafkaDataset.Read::close);
    }

    @Test
    void shouldWaitForTheGateWhileAChallengerIsUndecidedAndGoOnOnceItDecided() {
        publish(1, null);
        activate(1);
        publish(2, lineage(images(30)));
        registry.accept(new Challenger(NAME, 2, T0.plusSeconds(2), "retrain round 1", 1, false, null));

        var running = RetrainChecks.trialRunning(registry, NAME);
        assertThat(running).map(RetrainChecks.Skip::code).contains(RetrainChecks.CHALLENGER_ON_TRIAL);
        assertThat(running.orElseThrow().message()).contains("cats@2 is on trial against cats@1");

        registry.accept(new GateDecision(NAME, 1, 2, GateDecision.Outcome.REJECT, "undecided at the maximum", null,
                T0.plusSeconds(60), true, null));
        assertThat(RetrainChecks.trialRunning(registry, NAME)).isEmpty();

        // challenged again by a person after that decision: a new trial, which the old decision does not end
        registry.accept(new Challenger(NAME, 2, T0.plusSeconds(120), "models challenge 2", 1, false, null));
        assertThat(RetrainChecks.trialRunning(registry, NAME)).map(RetrainChecks.Skip::code)
                .contains(RetrainChecks.CHALLENGER_ON_TRIAL);
    }

    @Test
    void shouldNotWaitWithoutAChallenger() {
        publish(1, null);
        activate(1);

        assertThat(RetrainChecks.trialRunning(registry, NAME)).isEmpty();
    }

    @Test
    void shouldSkipBelowTheMinimumCountingOnlyImagesWithTruth() {
        KafkaDataset.Read read = read(images(19));

        var skip = RetrainChecks.nothingToTrain(registry, NAME, read, 20);

        assertThat(skip).map(RetrainChecks.Skip::code).contains(RetrainChecks.TOO_FEW_EXAMPLES);
        assertThat(skip.orElseThrow().message()).startsWith("19 images with truth").contains("--min-examples 20");
        assertThat(RetrainChecks.nothingToTrain(registry, NAME, read(images(20)), 20)).isEmpty();
    }

    @Test
    void shouldSkipTheDataSetTheNewestRetrainedVersionWasTrainedOnAndTrainOnANewOne() {
        List<LabelledImage> first = images(30);
        List<LabelledImage> more = new ArrayList<>(first);
        more.add(new LabelledImage("cats/late-truth.jpg", true, new byte[] {9, 9}));
        publish(1, lineage(first));
        publish(2, null); // a folder-trained version after it: the newest *retrained* one still counts

        var same = RetrainChecks.nothingToTrain(registry, NAME, read(first), 1);
        assertThat(same).map(RetrainChecks.Skip::code).contains(RetrainChecks.NO_NEW_TRUTH);
        assertThat(same.orElseThrow().message()).contains("is the one cats@1 was trained on");
        assertThat(RetrainChecks.nothingToTrain(registry, NAME, read(more), 1)).as("one more image with truth").isEmpty();

        publish(3, lineage(more));
        assertThat(RetrainChecks.newestRetrained(registry, NAME)).map(PublishedModel::version).contains(3);
        assertThat(RetrainChecks.nothingToTrain(registry, NAME, read(first), 1))
                .as("compared with the newest retrained version only").isEmpty();
    }

    private static List<LabelledImage> images(int n) {
        List<LabelledImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(new LabelledImage(String.format("cats/%03d.jpg", i), i % 2 == 0, new byte[] {(byte) i}));
        }
        return images;
    }

    private static DataLineage lineage(List<LabelledImage> images) {
        long cats = images.stream().filter(LabelledImage::isCat).count();
        return new DataLineage(DataLineage.KAFKA, "cluster-1", List.of(new DataLineage.OffsetRange("images", 0, 0, images.size())),
                Map.of(KafkaDataset.CAT, cats, KafkaDataset.NOT_CAT, images.size() - cats), Map.of(), DatasetHash.of(images));
    }

    /** A data set of {@code images} (their bytes in a spill file, closed after the test). */
    private KafkaDataset.Read read(List<LabelledImage> images) {
        KafkaDataset.Read read = new KafkaDataset.Read(new TruthRules.Decided(SpilledImages.of(images), Map.of()), lineage(images));
        opened.add(read);
        return read;
    }

    private void publish(int version, DataLineage lineage) {
        ModelArtifact model = DataOptions.withLineage(TestModels.random(TestModels.SMALL, version).withName(NAME), lineage);
        registry.accept(new PublishedModel(NAME, version, model, T0.plusSeconds(version), "%064x".formatted(version), 100,
                null, version));
    }

    private void activate(int version) {
        registry.accept(new Activation(NAME, version, T0.plusSeconds(version), null, "test", null));
    }
}
