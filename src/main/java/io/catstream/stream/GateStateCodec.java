package io.catstream.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The gate store's values as JSON (records bound by Jackson): readable with any tool, and the changelog with them. */
final class GateStateCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GateStateCodec() {
    }

    static byte[] write(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
