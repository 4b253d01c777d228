package io.catstream.send;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The truth of one image for {@code image-truth}: its id (the key {@code send} gave the image) and whether it is a
 * cat. Read from a CSV file ({@code image_id,is_cat}) or from labelled folders ({@code cats/}, {@code random_images/}).
 */
public record TruthSource(String id, boolean isCat) {

    public TruthSource {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an image id is not empty");
        }
    }

    /**
     * {@code image_id,is_cat} lines, is_cat {@code 1}/{@code 0}/{@code true}/{@code false}; a first line
     * {@code image_id,is_cat} and blank lines are skipped. {@link IllegalArgumentException} names a bad line.
     */
    public static List<TruthSource> readCsv(Path csv) throws IOException {
        List<TruthSource> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || (n == 0 && line.replace(" ", "").equalsIgnoreCase("image_id,is_cat"))) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            String value = comma < 0 ? "" : line.substring(comma + 1).strip();
            Boolean isCat = switch (value) {
                case "1", "true" -> Boolean.TRUE;
                case "0", "false" -> Boolean.FALSE;
                default -> null;
            };
            if (comma <= 0 || isCat == null) {
                throw new IllegalArgumentException(csv + " line " + (n + 1) + ": expected image_id,is_cat with is_cat "
                        + "1, 0, true or false, got: " + line);
            }
            out.add(new TruthSource(line.substring(0, comma).strip(), isCat));
        }
        return out;
    }

    /** The labelled images of {@code paths}, with the ids {@code send} gives them (unlabelled files are skipped). */
    public static List<TruthSource> fromFolders(List<Path> paths) throws IOException {
        return ImageSource.collect(paths).stream().filter(i -> i.label() != null)
                .map(i -> new TruthSource(i.id(), i.label())).toList();
    }

    /**
     * About {@code fraction} of {@code truths}, the same ones every run: an image is chosen by a hash of its id, so
     * the truth for a given image is always sent or never (0 = none, 1 = all).
     */
    public static List<TruthSource> fraction(List<TruthSource> truths, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("invalid fraction " + fraction + ": 0 to 1");
        }
        return truths.stream().filter(t -> chosen(t.id(), fraction)).toList();
    }

    /** Whether image {@code id} is among the about {@code fraction} of images that get truth (by a hash of the id). */
    public static boolean chosen(String id, double fraction) {
        return (mix(id) & 0xffffffffL) < (long) (fraction * (1L << 32));
    }

    /** A well-spread 32-bit hash of the id (String.hashCode alone clusters ids that differ in one digit). */
    private static int mix(String id) {
        int h = id.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
