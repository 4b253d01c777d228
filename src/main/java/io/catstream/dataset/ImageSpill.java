package io.catstream.dataset;

import io.catstream.train.DatasetException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file the bytes of the images read from Kafka are appended to, so that a data set of any size holds only
 * an offset and a length per image in memory. Opened with {@link StandardOpenOption#DELETE_ON_CLOSE}, which on Linux
 * removes the file's name right after opening it: the space is freed when the file is closed or the process ends, even
 * by SIGKILL, and nothing is left behind in the temporary folder ({@code java.io.tmpdir}). Reads are positional, so
 * the trainer's decoding threads may read at once; appends come from the one thread that reads Kafka.
 */
final class ImageSpill implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private long end;

    private ImageSpill(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** A new, empty spill file in {@code java.io.tmpdir}. */
    static ImageSpill create() {
        Path file = null;
        try {
            file = Files.createTempFile("catstream-dataset-", ".spill");
            return new ImageSpill(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE));
        } catch (IOException e) {
            deleteQuietly(file);
            throw new DatasetException("cannot create a spill file for the images in " + System.getProperty("java.io.tmpdir")
                    + " (set another with -Djava.io.tmpdir): " + e.getMessage(), e);
        }
    }

    /** Appends {@code bytes}; returns their offset in the file. */
    long append(byte[] bytes) {
        long at = end;
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                end += channel.write(buffer, end);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot write image bytes to the spill file " + file + " (" + end
                    + " bytes written; is its disk full? set another folder with -Djava.io.tmpdir): " + e.getMessage(), e);
        }
        return at;
    }

    /** The {@code length} bytes at {@code offset}, as {@link #append} wrote them. */
    byte[] read(long offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("ends before offset " + (offset + length));
                }
            }
        } catch (IOException e) {
            throw new DatasetException("cannot read image bytes back from the spill file " + file + ": " + e.getMessage(), e);
        }
        return buffer.array();
    }

    /** The file's name (gone from the folder on Linux as soon as it is opened). */
    Path file() {
        return file;
    }

    /** Bytes written so far. */
    long size() {
        return end;
    }

    /** Closes the file, which deletes it. */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot close the spill file " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(file); // DELETE_ON_CLOSE already did, where the platform deletes on open or close
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file we could not remove: the platform's temp cleaning will; nothing for the user to act on
        }
    }
}
