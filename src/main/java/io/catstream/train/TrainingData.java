package io.catstream.train;

import io.catstream.nn.LabelledExamples;
import io.catstream.numpy.NdArray;
import io.catstream.numpy.Npz;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The examples one training run uses: a training set, a (possibly empty) test set, and where they came from.
 */
public record TrainingData(LabelledExamples train, LabelledExamples test, String source) {

    /** Training examples with an empty test set (of the same width), e.g. when all photos are for training. */
    public static TrainingData withoutTest(LabelledExamples train, String source) {
        return new TrainingData(train, new LabelledExamples(new DMatrixRMaj(0, train.featureCount()), new DMatrixRMaj(1, 0)),
                source);
    }

    /** Images from a folder, split seeded into train and test (or tested on a separate folder). */
    public static TrainingData fromFolders(ImageLoader loader, Path data, Path testData, double testFraction,
                                           long splitSeed) {
        LoadedImages all = loader.load(ImageFolder.scan(data));
        if (testData != null) {
            LoadedImages test = loader.load(ImageFolder.scan(testData));
            return new TrainingData(all.examples(), test.examples(), "images:" + data + " test:" + testData);
        }
        return split(all, testFraction, splitSeed, "images:" + data);
    }

    /** Loaded images (a folder's, or a data set read from Kafka) split seeded into train and test, as a folder is. */
    public static TrainingData split(LoadedImages all, double testFraction, long splitSeed, String source) {
        Split split = Split.of(all.examples(), testFraction, splitSeed);
        return new TrainingData(split.train(), split.test(), source + " split:" + testFraction + "@" + splitSeed);
    }

    /**
     * NumPy arrays: {@code X} (n_x × m, one example per column as in the article), {@code Y} (1 × m), optional
     * {@code X_test}, {@code Y_test}: to train on exactly the numbers NumPy trains on.
     */
    public static TrainingData fromNpz(Path file) {
        Map<String, NdArray> arrays = Npz.read(file);
        if (!arrays.containsKey("X") || !arrays.containsKey("Y")) {
            throw new DatasetException(file + " must hold arrays X (features × examples) and Y (1 × examples), has "
                    + arrays.keySet());
        }
        LabelledExamples train = examples(arrays.get("X"), arrays.get("Y"), file, "X");
        LabelledExamples test = arrays.containsKey("X_test") && arrays.containsKey("Y_test")
                ? examples(arrays.get("X_test"), arrays.get("Y_test"), file, "X_test")
                : new LabelledExamples(new DMatrixRMaj(0, train.featureCount()), new DMatrixRMaj(1, 0));
        return new TrainingData(train, test, "npz:" + file);
    }

    private static LabelledExamples examples(NdArray x, NdArray y, Path file, String name) {
        if (x.shape().length != 2) {
            throw new DatasetException(file + ": " + name + " must be 2-D (features × examples)");
        }
        DMatrixRMaj columns = x.asMatrix();
        DMatrixRMaj rows = columns.numCols == 0 ? new DMatrixRMaj(0, columns.numRows) : CommonOps_DDRM.transpose(columns, null);
        DMatrixRMaj labels = DMatrixRMaj.wrap(1, y.size(), y.data());
        try {
            return new LabelledExamples(rows, labels);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(file + ": " + name + " and its labels do not fit: " + e.getMessage(), e);
        }
    }

    /** Writes the arrays NumPy's reference trains on: X, Y, X_test, Y_test (examples as columns). */
    public void writeNpz(Path file) {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("X", columns(train));
        arrays.put("Y", labels(train));
        arrays.put("X_test", columns(test));
        arrays.put("Y_test", labels(test));
        Npz.write(file, arrays);
    }

    private static NdArray columns(LabelledExamples e) {
        DMatrixRMaj t = e.isEmpty() ? new DMatrixRMaj(e.featureCount(), 0) : CommonOps_DDRM.transpose(e.features(), null);
        return new NdArray(new int[] {t.numRows, t.numCols}, t.data);
    }

    private static NdArray labels(LabelledExamples e) {
        return new NdArray(new int[] {1, e.size()}, Arrays.copyOf(e.labels().data, e.size()));
    }
}
