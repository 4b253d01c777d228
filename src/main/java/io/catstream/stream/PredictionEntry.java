package io.catstream.stream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the truth join keeps of one prediction (store {@code truth-join-predictions}): 30 bytes instead of the
 * label's JSON, since at 1,000 images/s an hour of window holds 3.6 million of them.
 *
 * @param scoredAtMillis when the image was scored (the label's {@code scored_at})
 * @param sinceMillis    wall-clock time the entry entered its {@code state}; it expires one truth window later
 */
record PredictionEntry(int version, double probability, boolean isCat, long scoredAtMillis, State state, long sinceMillis) {

    /** OPEN: waiting for truth. MATCHED: joined (kept to recognise repeated truth). EXPIRED: truth comes too late. */
    enum State { OPEN, MATCHED, EXPIRED }

    private static final int BYTES = 4 + 8 + 1 + 8 + 1 + 8;

    PredictionEntry to(State next, long nowMillis) {
        return new PredictionEntry(version, probability, isCat, scoredAtMillis, next, nowMillis);
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putInt(version).putDouble(probability).put((byte) (isCat ? 1 : 0))
                .putLong(scoredAtMillis).put((byte) state.ordinal()).putLong(sinceMillis).array();
    }

    static PredictionEntry fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new PredictionEntry(b.getInt(), b.getDouble(), b.get() == 1, b.getLong(), State.values()[b.get()], b.getLong());
    }

    static Serde<PredictionEntry> serde() {
        return Serdes.serdeFrom((topic, e) -> e == null ? null : e.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }
}
