package io.catstream.dataset;

import io.catstream.train.ImageFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a data set as the folder layout the trainer reads: cats in {@code cats/}, the others in
 * {@code random_images/}, each file with the image's original bytes. The file name is the image id without a leading
 * {@code cats/} or {@code random_images/} (as {@code catstream send} makes ids of a folder), other {@code /} turned
 * into {@code __}; two ids that would make one name are an error rather than a silent overwrite.
 */
public final class DatasetFolder {

    private DatasetFolder() {
    }

    /** The file name of {@code id} inside its class folder. */
    public static String fileName(String id, boolean isCat) {
        String name = id;
        for (String prefix : List.of(ImageFolder.CATS + "/", ImageFolder.NON_CATS + "/")) {
            if (name.startsWith(prefix)) {
                name = name.substring(prefix.length());
                break;
            }
        }
        name = name.replace("/", "__");
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.startsWith(".") || name.indexOf('\0') >= 0) {
            // a leading dot would hide the file from ImageFolder, which skips dot files
            name = "id_" + name.replace("\0", "");
        }
        return name;
    }

    /**
     * Writes {@code images} under {@code root} (created; it must not hold the class folders already).
     *
     * @return the number of files written
     * @throws IllegalArgumentException when {@code root} already has a class folder, or two ids give one file name
     */
    public static int write(List<LabelledImage> images, Path root) {
        Path cats = root.resolve(ImageFolder.CATS);
        Path others = root.resolve(ImageFolder.NON_CATS);
        if (Files.exists(cats) || Files.exists(others)) {
            throw new IllegalArgumentException(root + " already has a " + ImageFolder.CATS + "/ or " + ImageFolder.NON_CATS
                    + "/ folder: give an empty or new folder");
        }
        Set<Path> written = new HashSet<>();
        try {
            Files.createDirectories(cats);
            Files.createDirectories(others);
            for (LabelledImage image : images) {
                Path file = (image.isCat() ? cats : others).resolve(fileName(image.id(), image.isCat()));
                if (!written.add(file)) {
                    throw new IllegalArgumentException("two image ids give the file " + file + " (the second: '" + image.id() + "')");
                }
                Files.write(file, image.bytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the data set to " + root + ": " + e.getMessage(), e);
        }
        return written.size();
    }
}
