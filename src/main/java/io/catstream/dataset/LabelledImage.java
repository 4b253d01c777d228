package io.catstream.dataset;

import java.util.Objects;

/**
 * One image of a data set: its id (the record key on {@code images}), its truth and its original bytes, unchanged.
 */
public record LabelledImage(String id, boolean isCat, byte[] bytes) {

    public LabelledImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bytes, "bytes");
    }
}
