package io.catstream.stream;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the truth join keeps of one prediction (store {@code truth-join-predictions}): 43 bytes instead of the
 * label's JSON, since at 1,000 images/s an hour of window holds 3.6 million of them. The challenger's version and
 * probability (12 of the 43 bytes) are kept so that truth arriving hours later still yields the champion/challenger
 * pair the gate counts. A matched entry keeps its truth's class (the last byte): a join is then one store write,
 * and repeated truth is told {@code duplicate} or {@code conflict} by this entry alone, without a matched entry in
 * the truth store.
 *
 * <p>Entries already in a changelog stay readable by their length: 30 bytes (before shadow scoring, #13) and 42
 * bytes (before the truth's class was kept) read with no challenger and no truth class respectively.
 *
 * @param scoredAtMillis        when the image was scored (the label's {@code scored_at})
 * @param sinceMillis           wall-clock time the entry entered its {@code state}; it expires one truth window later
 * @param challengerVersion     the challenger that shadow-scored the image, 0 when none did (or it failed)
 * @param challengerProbability its probability, NaN when {@code challengerVersion} is 0
 * @param truthIsCat            the class of the truth it was matched with; null while OPEN, and in a MATCHED entry
 *                              written before the class was kept (its truth is then in the truth store)
 */
record PredictionEntry(int version, double probability, boolean isCat, long scoredAtMillis, State state, long sinceMillis,
                       int challengerVersion, double challengerProbability, Boolean truthIsCat) {

    /** OPEN: waiting for truth. MATCHED: joined (kept to recognise repeated truth). EXPIRED: truth comes too late. */
    enum State { OPEN, MATCHED, EXPIRED }

    /** The entry as written before shadow scoring (#13): read back from an older changelog without a challenger. */
    private static final int BYTES_WITHOUT_CHALLENGER = 4 + 8 + 1 + 8 + 1 + 8;
    /** The entry as written before the matched truth's class was kept in it. */
    private static final int BYTES_WITHOUT_TRUTH = BYTES_WITHOUT_CHALLENGER + 4 + 8;
    private static final int BYTES = BYTES_WITHOUT_TRUTH + 1;
    /** The last byte: no truth class, truth not a cat, truth a cat. */
    private static final byte NO_TRUTH = 0;
    private static final byte TRUTH_NOT_CAT = 1;
    private static final byte TRUTH_CAT = 2;

    /** The compact prediction of {@code label}, with its challenger's probability when it has one. */
    static PredictionEntry of(Label label, long nowMillis) {
        ShadowScore shadow = label.shadow();
        boolean paired = shadow != null && shadow.challengerProbability() != null;
        return new PredictionEntry(label.modelVersion(), label.probability(), label.isCat(), label.scoredAt().toEpochMilli(),
                State.OPEN, nowMillis, paired ? shadow.challengerVersion() : 0,
                paired ? shadow.challengerProbability() : Double.NaN, null);
    }

    /** This prediction in state {@code next} since {@code nowMillis}, keeping its truth class if it has one. */
    PredictionEntry to(State next, long nowMillis) {
        return new PredictionEntry(version, probability, isCat, scoredAtMillis, next, nowMillis, challengerVersion,
                challengerProbability, truthIsCat);
    }

    /** This prediction MATCHED since {@code nowMillis} with truth of class {@code truthIsCat}. */
    PredictionEntry matched(boolean truthIsCat, long nowMillis) {
        return new PredictionEntry(version, probability, isCat, scoredAtMillis, State.MATCHED, nowMillis, challengerVersion,
                challengerProbability, truthIsCat);
    }

    /** The challenger's version, or null when it did not score this image. */
    Integer challenger() {
        return challengerVersion == 0 ? null : challengerVersion;
    }

    /** The challenger's probability, or null when it did not score this image. */
    Double challengerProbabilityOrNull() {
        return challengerVersion == 0 ? null : challengerProbability;
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putInt(version).putDouble(probability).put((byte) (isCat ? 1 : 0))
                .putLong(scoredAtMillis).put((byte) state.ordinal()).putLong(sinceMillis)
                .putInt(challengerVersion).putDouble(challengerProbability)
                .put(truthIsCat == null ? NO_TRUTH : truthIsCat ? TRUTH_CAT : TRUTH_NOT_CAT).array();
    }

    static PredictionEntry fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = b.getInt();
        double probability = b.getDouble();
        boolean isCat = b.get() == 1;
        long scoredAt = b.getLong();
        State state = State.values()[b.get()];
        long since = b.getLong();
        if (bytes.length == BYTES_WITHOUT_CHALLENGER) {
            return new PredictionEntry(version, probability, isCat, scoredAt, state, since, 0, Double.NaN, null);
        }
        int challengerVersion = b.getInt();
        double challengerProbability = b.getDouble();
        Boolean truthIsCat = null;
        if (bytes.length >= BYTES) {
            byte truth = b.get();
            truthIsCat = truth == NO_TRUTH ? null : truth == TRUTH_CAT;
        }
        return new PredictionEntry(version, probability, isCat, scoredAt, state, since, challengerVersion,
                challengerProbability, truthIsCat);
    }

    static Serde<PredictionEntry> serde() {
        return Serdes.serdeFrom((topic, e) -> e == null ? null : e.toBytes(),
                (topic, bytes) -> bytes == null ? null : fromBytes(bytes));
    }
}
