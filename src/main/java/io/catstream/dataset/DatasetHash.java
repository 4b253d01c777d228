package io.catstream.dataset;

import io.catstream.model.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of a data set in canonical order: {@code "catstream-dataset-v1\n"}, then for each image its id's UTF-8
 * length (4 bytes, big-endian) and bytes, its truth (one byte, 1 = cat, 0 = not), its length (8 bytes, big-endian)
 * and its original bytes. Over the images as sent, not the decoded pixels, so an export can be checked against it
 * without decoding anything; {@code train.DataFingerprint} covers the numbers trained on.
 */
public final class DatasetHash {

    static final byte[] MAGIC = "catstream-dataset-v1\n".getBytes(StandardCharsets.US_ASCII);

    private DatasetHash() {
    }

    /** @param images in canonical order (the caller's; the hash does not sort) */
    public static String of(List<LabelledImage> images) {
        MessageDigest sha = Sha256.newDigest();
        sha.update(MAGIC);
        ByteBuffer frame = ByteBuffer.allocate(8);
        for (LabelledImage image : images) {
            byte[] id = image.id().getBytes(StandardCharsets.UTF_8);
            sha.update(frame.clear().putInt(id.length).array(), 0, 4);
            sha.update(id);
            sha.update((byte) (image.isCat() ? 1 : 0));
            sha.update(frame.clear().putLong(image.bytes().length).array(), 0, 8);
            sha.update(image.bytes());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
