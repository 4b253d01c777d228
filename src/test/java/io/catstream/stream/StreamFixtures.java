package io.catstream.stream;

import io.catstream.registry.Activation;
import io.catstream.registry.ModelRecords;
import io.catstream.registry.RecordSigner;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Images, bad inputs and model records for the scorer's tests. */
public final class StreamFixtures {

    private StreamFixtures() {
    }

    /** An image of {@code width×height}: left half {@code left}, right half {@code right}, encoded as {@code format}. */
    public static byte[] image(int width, int height, Color left, Color right, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return encode(image, format);
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] png(int seed) {
        return image(32 + seed % 7, 24 + seed % 5, new Color(seed * 37 % 256, seed * 91 % 256, seed * 13 % 256),
                new Color(seed * 53 % 256, 255 - seed * 29 % 256, seed * 71 % 256), "png");
    }

    /**
     * Seeded random pixels: they do not compress, so the encoded size follows the pixel count (a 1000×1000 PNG is
     * ~3 MB, a 256×192 JPEG ~30 kB): for tests about how many bytes are in flight.
     */
    public static byte[] noise(int width, int height, long seed, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return encode(image, format);
    }

    public static byte[] jpeg(int seed) {
        return image(40 + seed % 9, 30 + seed % 3, new Color(seed * 17 % 256, 40, 200), new Color(90, seed * 61 % 256, 10), "jpg");
    }

    /** One bad input of each kind, with the dead-letter reason the scorer must give. */
    public enum BadInput {
        EMPTY("empty", new byte[0]),
        TEXT("not-an-image", "this is not an image, it is a text file\n".getBytes(StandardCharsets.UTF_8)),
        WEBP("unsupported-format", Arrays.copyOf("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), 64)),
        TRUNCATED_JPEG("truncated", Arrays.copyOf(jpeg(3), jpeg(3).length / 2)),
        /** Above {@link #LIMITS}' byte limit. */
        TOO_MANY_BYTES("too-many-bytes", image(300, 300, Color.RED, Color.GREEN, "bmp")),
        /** Above {@link #LIMITS}' pixel limit (a small PNG of 200×150). */
        TOO_MANY_PIXELS("too-many-pixels", image(200, 150, Color.BLUE, Color.WHITE, "png"));

        /** Limits under which the inputs above are refused: 100 kB, 20,000 pixels. */
        public static final io.catstream.image.ImageLimits LIMITS = new io.catstream.image.ImageLimits(100_000, 20_000, 10_000);

        public final String reason;
        public final byte[] bytes;

        BadInput(String reason, byte[] bytes) {
            this.reason = reason;
            this.bytes = bytes;
        }
    }

    /** The version record and (when {@code activate}) the activation pointer, as {@code catstream publish} writes them. */
    public static List<ProducerRecord<String, byte[]>> published(String topic, String name, int version, byte[] model,
                                                                 Instant at, boolean activate, RecordSigner signer) {
        ProducerRecord<String, byte[]> record = ModelRecords.version(topic, name, version, model, at, signer);
        if (!activate) {
            return List.of(record);
        }
        Activation activation = new Activation(name, version, at, version > 1 ? version - 1 : null, "test",
                signer == null ? null : signer.keyId());
        return List.of(record, ModelRecords.activation(topic, activation, signer));
    }

    /**
     * Makes {@code artifact} version {@code version} of the model "cats" active in {@code active}, through the codec as
     * the scorer receives it from the topic, published and activated at {@code t0} + version seconds.
     */
    public static void activate(ActiveModel active, int version, io.catstream.model.ModelArtifact artifact, Instant t0) {
        byte[] bytes = io.catstream.model.ModelCodec.encode(artifact);
        io.catstream.registry.PublishedModel published = new io.catstream.registry.PublishedModel("cats", version,
                io.catstream.model.ModelCodec.decode(bytes), t0.plusSeconds(version), io.catstream.model.Sha256.hex(bytes),
                bytes.length, null, version);
        active.activeModelChanged("cats", null, published, new Activation("cats", version, t0.plusSeconds(version), null,
                "test", null));
    }

    /** {@code photo} scored by {@code scorer} as record 0 of partition 0 of "images"; fails unless it is labelled. */
    public static Label label(Scorer scorer, byte[] photo, Instant t0) {
        ScoreOutcome outcome = scorer.score("cats/photo.jpg", photo, new org.apache.kafka.common.header.internals.RecordHeaders(),
                t0.toEpochMilli(), new DeadLetter.Source("images", 0, 0));
        if (!(outcome instanceof Label label)) {
            throw new AssertionError("expected a label, got " + outcome);
        }
        return label;
    }
}
