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
        MessageDigest sha = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        digest(sha, buffer, data.features().data, data.features().getNumElements());
        digest(sha, buffer, data.labels().data, data.labels().getNumElements());
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static void digest(MessageDigest sha, ByteBuffer buffer, double[] values, int count) {
        for (int i = 0; i < count; ) {
            buffer.clear();
            int n = Math.min(buffer.capacity() / 8, count - i);
            buffer.asDoubleBuffer().put(values, i, n);
            sha.update(buffer.array(), 0, n * 8);
            i += n;
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
