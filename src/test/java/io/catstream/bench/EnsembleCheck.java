package io.catstream.bench;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.model.Classifiers;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.layered.Classifier;
import io.catstream.nn.layered.TensorShape;
import io.catstream.train.Evaluation;
import io.catstream.train.ImageLoader;
import io.catstream.train.Recipe;
import io.catstream.train.TrainingData;
import io.catstream.train.ValidationSplit;
import io.catstream.train.augment.HorizontalFlip;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Would averaging the probabilities of several trained networks (an ensemble), or of an image and its mirror image
 * (test-time flip), lift accuracy (issue #7)? Scores the validation and test splits of an article folder, as
 * {@code train --recipe cnn} carves them with its defaults (test fraction 0.2, validation 0.15, split seed 1), with
 * each model alone and with the mean of all. The models must share the preprocessing contract (same image size and
 * standardisation, i.e. trained on the same split). A command, not a test:
 * {@code java --add-modules jdk.incubator.vector -cp <test class path> io.catstream.bench.EnsembleCheck DATA MODEL...}.
 */
public final class EnsembleCheck {

    private static final double TEST_FRACTION = 0.2;
    private static final long SPLIT_SEED = 1;

    private EnsembleCheck() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: EnsembleCheck DATA_DIR MODEL_FILE...");
            return;
        }
        List<ModelArtifact> models = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            models.add(ModelCodec.read(Path.of(args[i])));
        }
        ImagePreprocessor preprocessor = new ImagePreprocessor(models.get(0).input().toPreprocessing(), ImageLimits.defaults());
        TrainingData set = TrainingData.fromFolders(new ImageLoader(preprocessor), Path.of(args[0]), null, TEST_FRACTION,
                SPLIT_SEED);
        LabelledExamples validation = ValidationSplit.carve(set.train(), Recipe.CNN.validationFraction(), SPLIT_SEED).validation();
        int side = preprocessor.contract().imageSize();
        report("validation", validation, models, new TensorShape(side, side, 3));
        report("test", set.test(), models, new TensorShape(side, side, 3));
    }

    private static void report(String split, LabelledExamples examples, List<ModelArtifact> models, TensorShape shape) {
        int n = examples.size();
        double[] mirrored = examples.features().data.clone();
        HorizontalFlip always = new HorizontalFlip(1);
        for (int i = 0; i < n; i++) {
            always.apply(mirrored, i * shape.height() * shape.width() * shape.channels(), shape, new Random(0));
        }
        double[] mean = new double[n];
        double[] meanWithMirror = new double[n];
        for (int m = 0; m < models.size(); m++) {
            Classifier classifier = Classifiers.of(models.get(m));
            double[] p = new double[n];
            double[] pMirror = new double[n];
            classifier.probabilities(examples.features().data, n, p);
            classifier.probabilities(mirrored, n, pMirror);
            double[] withMirror = new double[n];
            for (int i = 0; i < n; i++) {
                withMirror[i] = (p[i] + pMirror[i]) / 2;
                mean[i] += p[i] / models.size();
                meanWithMirror[i] += withMirror[i] / models.size();
            }
            System.out.printf(Locale.ROOT, "%s, model %d: %.3f, with its mirror image %.3f%n", split, m + 1,
                    accuracy(p, examples), accuracy(withMirror, examples));
        }
        System.out.printf(Locale.ROOT, "%s, mean of %d models: %.3f, with mirror images %.3f (%d images)%n", split,
                models.size(), accuracy(mean, examples), accuracy(meanWithMirror, examples), n);
    }

    private static double accuracy(double[] probabilities, LabelledExamples examples) {
        return Evaluation.of(probabilities, examples.labels().data).accuracy();
    }
}
