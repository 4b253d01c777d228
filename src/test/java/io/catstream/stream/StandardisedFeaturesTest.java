package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.image.Standardisation;
import io.catstream.model.InputContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.ScoringEngine;
import io.catstream.model.Sha256;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.catstream.registry.PublishedModel;
import io.catstream.testsupport.SharedData;
import io.catstream.train.ImageFolder;
import io.catstream.train.ImageLoader;
import io.catstream.train.LoadedImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #7: standardisation is applied identically by trainer and scorer. On real photos of the shared holdout, the
 * features the trainer's {@link ImageLoader} builds from a standardised contract and the features the scorer builds
 * from the same contract after it went through a model file are the same doubles, bit for bit, and both are
 * {@code (x/255 - mean) / std} of the unstandardised features.
 */
class StandardisedFeaturesTest {

    private static final int SIZE = 32;

    @ParameterizedTest(name = "per channel: {0}")
    @ValueSource(booleans = {true, false})
    void shouldGiveTheTrainerAndTheScorerBitIdenticalStandardisedFeatures(boolean perChannel) throws Exception {
        ImageFolder photos = someHoldoutPhotos();
        PreprocessingContract plain = PreprocessingContract.ofImageSize(SIZE);
        LoadedImages unit = new ImageLoader(new ImagePreprocessor(plain, ImageLimits.defaults())).load(photos);
        int n = plain.featureCount();
        Standardisation standardisation = Standardisation.fit(unit.examples().features().data, unit.examples().size(), n,
                PreprocessingContract.CHANNELS, perChannel);
        PreprocessingContract contract = plain.withStandardisation(standardisation);

        LoadedImages trainers = new ImageLoader(new ImagePreprocessor(contract, ImageLimits.defaults())).load(photos);
        ScoringModel scorers = scoringModelWith(InputContract.of(contract));

        double[] scored = new double[n];
        for (int i = 0; i < trainers.files().size(); i++) {
            scorers.preprocessor().writeFeatures(Files.readAllBytes(trainers.files().get(i)), scored, 0);
            double[] trained = Arrays.copyOfRange(trainers.examples().features().data, i * n, (i + 1) * n);
            double[] byHand = Arrays.copyOfRange(unit.examples().features().data, i * n, (i + 1) * n);
            standardisation.apply(byHand, 0, n);

            // Arrays.equals on double[] compares bit patterns
            assertThat(Arrays.equals(trained, scored)).as("trainer vs scorer features of %s", trainers.files().get(i)).isTrue();
            assertThat(Arrays.equals(trained, byHand)).as("trainer vs (x - mean) / std of %s", trainers.files().get(i)).isTrue();
            assertThat(scorers.classifier().probability(scored)).isEqualTo(scorers.classifier().probability(trained));
        }
        assertThat(scorers.published().artifact().input().describeStandardisation())
                .isEqualTo(perChannel ? "standardised per channel" : "standardised per feature");
    }

    /** Six cats and six non-cats of the shared holdout. */
    private static ImageFolder someHoldoutPhotos() {
        Path holdout = SharedData.assumeData("holdout");
        ImageFolder all = ImageFolder.scan(holdout);
        List<ImageFolder.LabelledFile> some = new ArrayList<>();
        for (int label : new int[] {1, 0}) {
            all.files().stream().filter(f -> f.label() == label).limit(6).forEach(some::add);
        }
        return new ImageFolder(holdout, some);
    }

    /** What the scorer builds at a swap, from a model file carrying {@code input}. */
    private static ScoringModel scoringModelWith(InputContract input) {
        ModelArtifact model = new ModelArtifact("cats", input, TestModels.trainingFacts(), null,
                TestModels.randomParameters(new NetworkShape(new int[] {3 * SIZE * SIZE, 3, 1}), 9));
        byte[] bytes = ModelCodec.encode(model);
        PublishedModel published = new PublishedModel("cats", 1, ModelCodec.decode(bytes), Instant.EPOCH, Sha256.hex(bytes),
                bytes.length, null, 0);
        return ScoringModel.of(published, ImageLimits.defaults(), ScoringEngine.AUTO, Instant.EPOCH, Instant.EPOCH);
    }
}
