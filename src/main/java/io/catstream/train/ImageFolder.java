package io.catstream.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The article's data layout: {@code DIR/cats/*} are cats (label 1), {@code DIR/random_images/*} are not
 * (label 0). Files are taken in sorted name order (by code point, as Python's {@code sorted}), cats first,
 * so that example i is the same image here and in the NumPy reference.
 */
public record ImageFolder(Path root, List<LabelledFile> files) {

    public static final String CATS = "cats";
    public static final String NON_CATS = "random_images";

    /** One image file and its label (1 = cat). */
    public record LabelledFile(Path path, int label) {
    }

    public ImageFolder {
        files = List.copyOf(files);
    }

    public static ImageFolder scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("data folder " + root + " does not exist or is not a folder");
        }
        Path cats = root.resolve(CATS);
        Path others = root.resolve(NON_CATS);
        if (!Files.isDirectory(cats) || !Files.isDirectory(others)) {
            throw new DatasetException("data folder " + root + " must contain the sub-folders '" + CATS + "' (label 1) and '"
                    + NON_CATS + "' (label 0)");
        }
        List<LabelledFile> files = new ArrayList<>();
        list(cats).forEach(p -> files.add(new LabelledFile(p, 1)));
        list(others).forEach(p -> files.add(new LabelledFile(p, 0)));
        if (files.isEmpty()) {
            throw new DatasetException("data folder " + root + " has no files in '" + CATS + "' or '" + NON_CATS + "'");
        }
        return new ImageFolder(root, files);
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            // Path.compareTo on the default file system compares names as strings, i.e. by UTF-16 unit;
            // for the BMP that is Python's code-point order.
            return entries.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    public int size() {
        return files.size();
    }

    public long count(int label) {
        return files.stream().filter(f -> f.label() == label).count();
    }
}
