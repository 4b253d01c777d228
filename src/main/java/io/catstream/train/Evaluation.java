package io.catstream.train;

import io.catstream.nn.Forward;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Classifier;
import java.util.Locale;

/**
 * A confusion matrix for the cat class (positive = cat) and the figures derived from it. The article
 * predicts a cat when {@code A_L > 0.5} ({@link Classifier#isCat}).
 */
public record Evaluation(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    public static Evaluation of(Parameters parameters, LabelledExamples data) {
        if (data.isEmpty()) {
            return new Evaluation(0, 0, 0, 0);
        }
        return of(Forward.probabilities(parameters, data.features()), data.labels().data);
    }

    /** The confusion matrix of {@code classifier} (any architecture) on {@code data}, one example per row. */
    public static Evaluation of(Classifier classifier, LabelledExamples data) {
        if (data.isEmpty()) {
            return new Evaluation(0, 0, 0, 0);
        }
        if (data.featureCount() != classifier.inputSize()) {
            throw new IllegalArgumentException(data.featureCount() + " features per example, the network takes "
                    + classifier.inputSize());
        }
        double[] probabilities = new double[data.size()];
        classifier.probabilities(data.features().data, data.size(), probabilities);
        return of(probabilities, data.labels().data);
    }

    /** The confusion matrix of {@code classifier} on examples read a chunk at a time. */
    public static Evaluation of(Classifier classifier, ExampleSource data) {
        if (data.isEmpty()) {
            return new Evaluation(0, 0, 0, 0);
        }
        return of(SourcePass.probabilities(classifier, data), data.labels());
    }

    public static Evaluation of(double[] probabilities, double[] labels) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < probabilities.length; i++) {
            boolean predictedCat = Classifier.isCat(probabilities[i]);
            boolean cat = labels[i] == 1.0;
            if (predictedCat && cat) {
                tp++;
            } else if (predictedCat) {
                fp++;
            } else if (cat) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Evaluation(tp, fp, tn, fn);
    }

    public long total() {
        return truePositives + falsePositives + trueNegatives + falseNegatives;
    }

    /** Fraction of correct predictions; NaN for an empty set. */
    public double accuracy() {
        return ratio(truePositives + trueNegatives, total());
    }

    /** {@link #accuracy()}, or null for an empty set: a model file's facts hold no NaN (JSON has none). */
    public Double accuracyOrNull() {
        return total() == 0 ? null : accuracy();
    }

    public double catPrecision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double catRecall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    public double nonCatPrecision() {
        return ratio(trueNegatives, trueNegatives + falseNegatives);
    }

    public double nonCatRecall() {
        return ratio(trueNegatives, trueNegatives + falsePositives);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    /** A small table: accuracy, confusion matrix, precision and recall per class. */
    public String report() {
        return String.format(Locale.ROOT, """
                accuracy: %.4f (%d of %d)
                confusion matrix (rows = truth, columns = prediction):
                                 predicted cat  predicted non-cat
                  cat           %14d  %17d
                  non-cat       %14d  %17d
                class     precision  recall
                  cat        %.4f   %.4f
                  non-cat    %.4f   %.4f""",
                accuracy(), truePositives + trueNegatives, total(),
                truePositives, falseNegatives, falsePositives, trueNegatives,
                catPrecision(), catRecall(), nonCatPrecision(), nonCatRecall());
    }
}
