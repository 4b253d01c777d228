package io.catstream.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers the images of a range and every truth said about them, then decides the data set with the truth join's
 * rules (docs/truth.md): an image's truth is its {@code label} header or its {@code image-truth} records; the same
 * truth twice is one truth; truths that disagree leave the image out ({@link LeftOut#CONFLICTING_TRUTH}) rather than
 * pick one; an image without truth is left out ({@link LeftOut#NO_TRUTH}); an id sent twice keeps its first image.
 * Unlike the join there is no time window: truth given at any time up to the read counts. The result is in canonical
 * order, by image id ({@link String#compareTo}, i.e. UTF-16 order, as {@code ImageFolder} sorts names).
 *
 * <p>Each image's bytes go to an {@link ImageSpill} as they come, before its truth is known; memory holds an id and
 * where its bytes are per image, so a range of any size can be gathered. The spill belongs to the {@link Decided} set
 * (closing it deletes the file), or to whoever gave it, until {@link #decide}.
 */
public final class TruthRules {

    private final ImageSpill spill;
    /** Per id: offset and length of its (first) image in the spill. */
    private final Map<String, long[]> images = new LinkedHashMap<>();
    private final Map<String, Boolean> headerTruth = new HashMap<>();
    /** Per id: bit 1 = said cat, bit 2 = said not a cat. */
    private final Map<String, Integer> said = new HashMap<>();
    private final Map<String, Long> leftOut = new TreeMap<>();

    /** Rules that spill the images to a new temporary file (deleted when the decided set is closed). */
    public TruthRules() {
        this(ImageSpill.create());
    }

    TruthRules(ImageSpill spill) {
        this.spill = spill;
    }

    /** The data set and what was left out of it, by reason; closing it deletes the images' spill file. */
    public record Decided(SpilledImages images, Map<String, Long> leftOut) implements AutoCloseable {
        public Decided {
            leftOut = Map.copyOf(leftOut);
        }

        public long count(boolean isCat) {
            return images.count(isCat);
        }

        @Override
        public void close() {
            images.close();
        }
    }

    /** An image record; {@code header} is the truth of its {@code label} header, or null. */
    public void image(String id, byte[] bytes, Boolean header) {
        if (id == null || id.isEmpty() || bytes == null) {
            count(LeftOut.NO_ID);
            return;
        }
        if (images.containsKey(id)) {
            count(LeftOut.DUPLICATE_ID);
            return;
        }
        images.put(id, new long[] {spill.append(bytes), bytes.length});
        if (header != null) {
            say(id, header);
        }
    }

    /** A truth record of {@code image-truth} (a malformed one never gets here: it is not truth). */
    public void truth(String id, boolean isCat) {
        say(id, isCat);
    }

    private void say(String id, boolean isCat) {
        said.merge(id, isCat ? 1 : 2, (a, b) -> a | b);
    }

    private void count(String reason) {
        leftOut.merge(reason, 1L, Long::sum);
    }

    /** The data set as the rules decide it now; it owns the spill from now on. */
    public Decided decide() {
        List<SpilledImages.Entry> set = new ArrayList<>();
        Map<String, Long> out = new TreeMap<>(leftOut);
        images.forEach((id, at) -> {
            Integer s = said.get(id);
            if (s == null) {
                out.merge(LeftOut.NO_TRUTH, 1L, Long::sum);
            } else if (s == 3) {
                out.merge(LeftOut.CONFLICTING_TRUTH, 1L, Long::sum);
            } else {
                set.add(new SpilledImages.Entry(id, s == 1, at[0], (int) at[1]));
            }
        });
        set.sort(Comparator.comparing(SpilledImages.Entry::id));
        return new Decided(new SpilledImages(spill, set), out);
    }
}
