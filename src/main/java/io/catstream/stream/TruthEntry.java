package io.catstream.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The first truth seen for an image before its prediction (store {@code truth-join-truth}): pending until its
 * prediction comes, when the join deletes it (the matched prediction keeps the truth's class). {@code matched} is
 * true only in entries written before that change, which kept matched truth one window to tell repeated truth from
 * conflicting truth; they are still read from changelogs, and the sweep removes them. 19 bytes plus the source.
 *
 * @param sinceMillis wall-clock time the entry entered its state; it expires one truth window later
 */
record TruthEntry(Truth truth, boolean matched, long sinceMillis) {

    byte[] toBytes() {
        byte[] source = truth.source() == null ? new byte[0] : truth.source().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 1 + 8 + 1 + source.length).put((byte) (truth.isCat() ? 1 : 0))
                .putLong(truth.at().toEpochMilli()).put((byte) (matched ? 1 : 0)).putLong(sinceMillis)
                .put((byte) (truth.source() == null ? 0 : 1)).put(source).array();
    }

    static TruthEntry fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        boolean isCat = b.get() == 1;
        Instant at = Instant.ofEpochMilli(b.getLong());
        boolean matched = b.get() == 1;
        long since = b.getLong();
        boolean hasSource = b.get() == 1;
        String source = hasSource ? new String(bytes, b.position(), b.remaining(), StandardCharsets.UTF_8) : null;
        return new TruthEntry(new Truth(isCat, source, at), matched, since);
    }

    static Serde<TruthEntry> serde() {
        return Serdes.serdeFrom((topic, e) -> e == null ? null : e.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }
}
