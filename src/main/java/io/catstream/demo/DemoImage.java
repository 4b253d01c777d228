package io.catstream.demo;

import java.util.Objects;

/**
 * One image the demo streams: its record key, its encoded bytes (sent unchanged) and the truth for the {@code label}
 * header (true = cat).
 */
public record DemoImage(String id, boolean cat, byte[] bytes) {

    public DemoImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bytes, "bytes");
    }
}
