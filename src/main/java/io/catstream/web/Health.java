package io.catstream.web;

/** The answer of {@code /health}: healthy (HTTP 200) only while the streams run and a model is active. */
public record Health(boolean healthy, String reason) {

    public int httpStatus() {
        return healthy ? 200 : 503;
    }
}
