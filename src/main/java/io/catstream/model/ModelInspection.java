package io.catstream.model;

/**
 * What {@link ModelCodec#inspect(byte[])} sees in a model that may be invalid.
 *
 * @param headerJson       the header, pretty-printed
 * @param headerSummary    the same, with long {@code input.mean}/{@code input.std} arrays (per-feature
 *                         standardisation: 3·S² numbers) replaced by a note, for printing
 * @param formatVersion    the prefix's format version
 * @param statedSha256     the header's {@code parametersSha256}, or null if missing or not a string
 * @param actualSha256     SHA-256 of the bytes after the header, recomputed
 * @param parameterBytes   number of bytes after the header
 * @param problem          why {@link ModelCodec#decode(byte[])} refuses the model, or null if it accepts it
 * @param model            the decoded model, or null if it is refused
 */
public record ModelInspection(String headerJson, String headerSummary, int formatVersion, String statedSha256,
                              String actualSha256, long parameterBytes, InvalidModelException problem, ModelArtifact model) {

    public boolean checksumMatches() {
        return actualSha256.equals(statedSha256);
    }

    public boolean valid() {
        return problem == null;
    }
}
