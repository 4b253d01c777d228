package io.catstream.stream;

import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.model.ModelReference;
import io.catstream.model.TestModels;
import io.catstream.nn.LabelledExamples;
import io.catstream.nn.layered.Classifier;
import io.catstream.model.Classifiers;
import io.catstream.send.ImageSender;
import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringApp;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.train.HeldOutReference;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #17 on a real broker: a model whose file carries the reference of its held-out photos scores a stream of
 * other photos like them (drift gauges low), then, as the next version with the same reference, the same photos
 * darkened (brightness PSI above the alert threshold 0.25); a model without a reference still serves and exports
 * estimated accuracy but no PSI.
 */
class DriftIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    /** The alert's threshold (monitoring/rules/health.yml). */
    private static final double PSI_ALERT = 0.25;
    private static final int PER_CLASS = 150;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void shouldKeepDriftLowForPhotosLikeTheReferenceRaiseItForDarkenedOnesAndExportNoPsiWithoutAReference() {
        List<ImageSource> photos = StreamTestKit.articleImages(2 * PER_CLASS); // cat, non-cat, cat, ...
        List<ImageSource> held = new ArrayList<>();
        List<ImageSource> stream = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            (i % 4 < 2 ? held : stream).add(photos.get(i)); // both halves keep the class mix
        }
        ModelArtifact plain = TestModels.random(StreamTestKit.TINY, 3).withName(StreamTestKit.MODEL);
        ModelArtifact withReference = plain.withReference(reference(plain, held));
        System.out.println("reference: " + withReference.reference());

        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "drift.");
        StreamTestKit.publish(KAFKA.settings(), topics, ModelCodec.encode(withReference));
        ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "drift-scorer",
                StreamTestKit.tempDir("drift")));
        toClose.add(app);
        await().atMost(DEADLINE).until(() -> app.health().healthy());

        // v1: other photos of the same kind
        send(topics, stream);
        String normal = awaitWindow(app, 1, stream.size());
        double normalBrightness = psi(normal, 1, "brightness");
        double normalProbability = psi(normal, 1, "probability");

        // v2: the same model and reference, the same photos darkened to a third
        StreamTestKit.publish(KAFKA.settings(), topics, ModelCodec.encode(withReference));
        await().atMost(DEADLINE).until(() -> app.context().active().current().version() == 2);
        StreamTestKit.send(KAFKA.settings(), stream.stream()
                .map(p -> ImageSender.record(topics.images(), "dark/" + p.id(), p.label(), darkened(p.file()))).toList());
        String drifted = awaitWindow(app, 2, stream.size());
        double darkBrightness = psi(drifted, 2, "brightness");
        double darkProbability = psi(drifted, 2, "probability");

        // v3: a model file without a reference, as every model before issue #17
        StreamTestKit.publish(KAFKA.settings(), topics, ModelCodec.encode(plain));
        await().atMost(DEADLINE).until(() -> app.context().active().current().version() == 3);
        send(topics, stream.subList(0, 40));
        String old = awaitWindow(app, 3, 40);

        System.out.printf("PSI brightness / p(cat): like the reference %.4f / %.4f, darkened %.4f / %.4f%n",
                normalBrightness, normalProbability, darkBrightness, darkProbability);
        System.out.printf("estimated accuracy v1 %.4f, v2 %.4f, v3 %.4f; brightness mean (red) v1 %.3f, v2 %.3f%n",
                StreamTestKit.sample(normal, "catstream_estimated_accuracy{model_version=\"1\"}"),
                StreamTestKit.sample(drifted, "catstream_estimated_accuracy{model_version=\"2\"}"),
                StreamTestKit.sample(old, "catstream_estimated_accuracy{model_version=\"3\"}"),
                StreamTestKit.sample(drifted, "catstream_input_brightness{channel=\"red\",model_version=\"1\",stat=\"mean\"}"),
                StreamTestKit.sample(drifted, "catstream_input_brightness{channel=\"red\",model_version=\"2\",stat=\"mean\"}"));
        assertThat(normalBrightness).as("brightness PSI of photos like the reference's").isLessThan(PSI_ALERT);
        assertThat(normalProbability).as("p(cat) PSI of photos like the reference's").isLessThan(PSI_ALERT);
        assertThat(darkBrightness).as("brightness PSI of the darkened photos").isGreaterThan(PSI_ALERT);
        assertThat(StreamTestKit.sample(drifted, "catstream_input_brightness{channel=\"red\",model_version=\"2\",stat=\"mean\"}"))
                .isLessThan(StreamTestKit.sample(drifted, "catstream_input_brightness{channel=\"red\",model_version=\"1\",stat=\"mean\"}"));
        assertThat(StreamTestKit.sample(old, "catstream_estimated_accuracy{model_version=\"3\"}")).isBetween(0.5, 1.0);
        assertThat(StreamTestKit.sample(old, "catstream_input_width_pixels{model_version=\"3\"}")).isPositive();
        assertThat(old.lines().filter(l -> l.startsWith("catstream_drift_psi{") && l.contains("model_version=\"3\"")))
                .as("no PSI without a reference").isEmpty();
        assertThat(old.lines().filter(l -> l.startsWith("catstream_reference_") && l.contains("model_version=\"3\"")))
                .isEmpty();
        assertThat(StreamTestKit.sample(old, "catstream_reference_accuracy{model_version=\"1\"}"))
                .isEqualTo(withReference.reference().observedAccuracy());
        assertThat(app.health().healthy()).isTrue();
    }

    /** What the trainer writes: the model's p(cat) and the brightness of each held-out photo ({@link HeldOutReference}). */
    private static ModelReference reference(ModelArtifact model, List<ImageSource> held) {
        PreprocessingContract contract = model.input().toPreprocessing();
        ImagePreprocessor preprocessor = new ImagePreprocessor(contract, ImageLimits.defaults());
        int n = contract.featureCount();
        DMatrixRMaj features = new DMatrixRMaj(held.size(), n);
        DMatrixRMaj labels = new DMatrixRMaj(1, held.size());
        for (int i = 0; i < held.size(); i++) {
            preprocessor.writeFeatures(bytes(held.get(i).file()), features.data, i * n);
            labels.data[i] = held.get(i).label() ? 1 : 0;
        }
        Classifier classifier = Classifiers.of(model);
        double[] p = new double[held.size()];
        classifier.probabilities(features.data, held.size(), p);
        return HeldOutReference.of(HeldOutReference.VALIDATION, new LabelledExamples(features, labels), p, contract)
                .orElseThrow();
    }

    private static void send(ScoringTopics topics, List<ImageSource> images) {
        try (ImageSender sender = new ImageSender(KAFKA.settings(), topics.images())) {
            assertThat(sender.send(images, 0, 0, 1, null).failed()).isZero();
        }
    }

    /** Waits until {@code version}'s drift window holds {@code images}; returns the scrape. */
    private static String awaitWindow(ScoringApp app, int version, int images) {
        String series = "catstream_drift_window_images{model_version=\"" + version + "\"}";
        await().atMost(DEADLINE.multipliedBy(2)).until(() -> StreamTestKit.sample(app.meters().scrape(), series) >= images);
        return app.meters().scrape();
    }

    private static double psi(String scrape, int version, String feature) {
        return StreamTestKit.sample(scrape, "catstream_drift_psi{feature=\"" + feature + "\",model_version=\"" + version + "\"}");
    }

    /** The photo with every channel at a third, as a camera with the wrong exposure would send it. */
    private static byte[] darkened(Path photo) {
        try {
            BufferedImage in = ImageIO.read(photo.toFile());
            BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < in.getHeight(); y++) {
                for (int x = 0; x < in.getWidth(); x++) {
                    int rgb = in.getRGB(x, y);
                    int r = ((rgb >> 16) & 0xFF) / 3;
                    int g = ((rgb >> 8) & 0xFF) / 3;
                    int b = (rgb & 0xFF) / 3;
                    out.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "jpg", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
