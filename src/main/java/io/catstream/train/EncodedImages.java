package io.catstream.train;

import java.nio.file.Path;

/**
 * Images as their encoded bytes (JPEG, PNG, …), fetched by index when asked rather than held, e.g. a data set read
 * from Kafka and spilled to a file: what {@link ImageLoader} decodes when the images are not files of a folder.
 * {@link #bytes} must give the same bytes for the same index every time and may be called from several threads.
 */
public interface EncodedImages {

    int size();

    /** A name for reports (warnings about skipped images). */
    Path name(int index);

    /** 1 = cat, 0 = not. */
    int label(int index);

    /**
     * The image's bytes, read now.
     *
     * @throws DatasetException when they cannot be read any more
     */
    byte[] bytes(int index);
}
