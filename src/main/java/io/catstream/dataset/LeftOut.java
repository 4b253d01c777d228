package io.catstream.dataset;

import java.util.List;

/** Why an image in the range is not in the data set: the keys of {@code training.source.leftOut}. */
public final class LeftOut {

    /** No truth for it: no {@code label} header and nothing on {@code image-truth}. */
    public static final String NO_TRUTH = "no-truth";
    /** Its truths disagree (header against {@code image-truth}, or two truth records): as the join, not guessed. */
    public static final String CONFLICTING_TRUTH = "conflicting-truth";
    /** The id was sent again: the first image is the one kept, as the truth join joins the first prediction. */
    public static final String DUPLICATE_ID = "duplicate-id";
    /** A record without a key (no id to join truth with) or without a value. */
    public static final String NO_ID = "no-id";
    /** In the data set, but the decoder could not read it: skipped when training, as a folder's unreadable file. */
    public static final String UNREADABLE = "unreadable";

    private LeftOut() {
    }

    public static List<String> reasons() {
        return List.of(NO_TRUTH, CONFLICTING_TRUTH, DUPLICATE_ID, NO_ID, UNREADABLE);
    }
}
