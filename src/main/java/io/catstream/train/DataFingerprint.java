package io.catstream.train;

import io.catstream.nn.LabelledExamples;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over the exact numbers a model was trained on (features as little-endian float64, then
 * labels): it changes when the images, the split or the preprocessing change.
 */
public final class DataFingerprint {

    private DataFingerprint() {
    }

    public static String of(LabelledExamples data) {
        Digest digest = new Digest();
        digest.addFeatures(data.features().data, 0, data.features().getNumElements());
        return digest.finish(data.labels().data, data.labels().getNumElements());
    }

    /**
     * The same SHA-256 fed a batch of feature rows at a time (all rows in order, then the labels), for examples
     * that are streamed rather than held: the bytes hashed, and so the result, are those of {@link #of}.
     */
    public static final class Digest {
        private final MessageDigest sha = sha256();
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        public void addFeatures(double[] values, int offset, int count) {
            for (int i = 0; i < count; ) {
                buffer.clear();
                int n = Math.min(buffer.capacity() / 8, count - i);
                buffer.asDoubleBuffer().put(values, offset + i, n);
                sha.update(buffer.array(), 0, n * 8);
                i += n;
            }
        }

        /** Adds the labels after all features and returns {@code sha256:<hex>}. */
        public String finish(double[] labels, int count) {
            addFeatures(labels, 0, count);
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
