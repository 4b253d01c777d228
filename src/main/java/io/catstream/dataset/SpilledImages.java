package io.catstream.dataset;

import io.catstream.train.EncodedImages;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A data set in canonical order whose image bytes live in an {@link ImageSpill}: in memory only the id, the truth
 * and where the bytes are (tens of bytes per image plus the id). As a {@code List<LabelledImage>} each
 * {@link #get} reads that image's bytes from the file, so hashing, exporting or backtesting it holds one image at a
 * time; as {@link EncodedImages} it is what the trainer decodes a mini-batch at a time. {@link #close} deletes the
 * file; the list is unusable after.
 */
public final class SpilledImages extends AbstractList<LabelledImage> implements EncodedImages, RandomAccess, AutoCloseable {

    private final ImageSpill spill;
    private final String[] ids;
    private final boolean[] cats;
    private final long[] offsets;
    private final int[] lengths;

    /** Where one image's bytes are in the spill. */
    record Entry(String id, boolean isCat, long offset, int length) {
    }

    /** @param entries in canonical order; the list owns {@code spill} from now on */
    SpilledImages(ImageSpill spill, List<Entry> entries) {
        this.spill = spill;
        int n = entries.size();
        ids = new String[n];
        cats = new boolean[n];
        offsets = new long[n];
        lengths = new int[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            ids[i] = e.id();
            cats[i] = e.isCat();
            offsets[i] = e.offset();
            lengths[i] = e.length();
        }
    }

    /** {@code images} (already in canonical order) written to a new spill: for tests and small sets. */
    public static SpilledImages of(List<LabelledImage> images) {
        ImageSpill spill = ImageSpill.create();
        List<Entry> entries = new ArrayList<>(images.size());
        for (LabelledImage image : images) {
            entries.add(new Entry(image.id(), image.isCat(), spill.append(image.bytes()), image.bytes().length));
        }
        return new SpilledImages(spill, entries);
    }

    @Override
    public LabelledImage get(int index) {
        return new LabelledImage(ids[index], cats[index], bytes(index));
    }

    @Override
    public int size() {
        return ids.length;
    }

    /** How many images are cats ({@code true}) or not. */
    public long count(boolean isCat) {
        long n = 0;
        for (boolean c : cats) {
            n += c == isCat ? 1 : 0;
        }
        return n;
    }

    /** The ids, in canonical order, without reading any bytes. */
    public List<String> ids() {
        return List.of(ids);
    }

    @Override
    public Path name(int index) {
        return Path.of(ids[index]);
    }

    @Override
    public int label(int index) {
        return cats[index] ? 1 : 0;
    }

    @Override
    public byte[] bytes(int index) {
        return spill.read(offsets[index], lengths[index]);
    }

    @Override
    public void close() {
        spill.close();
    }
}
