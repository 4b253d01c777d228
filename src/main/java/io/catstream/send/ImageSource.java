package io.catstream.send;

import io.catstream.train.ImageFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One image file to send to the {@code images} topic: its record key (the image id) and, when known from its
 * folder, the truth for the {@code label} header.
 *
 * @param id    the record key: the path relative to the folder given (e.g. {@code cats/cat.1.jpg}), or the file
 *              name for a file given directly
 * @param label true for a file under a {@code cats/} folder, false under {@code random_images/}, null otherwise
 */
public record ImageSource(Path file, String id, Boolean label) {

    public ImageSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(id, "id");
    }

    /** The same file and id without its truth ({@code send --no-label}: the truth comes later, on image-truth). */
    public ImageSource withoutLabel() {
        return new ImageSource(file, id, null);
    }

    /**
     * The image files of {@code paths}: a file as itself (no label), a folder walked recursively in sorted order,
     * hidden files skipped, labelled by the nearest {@code cats}/{@code random_images} folder above the file.
     */
    public static List<ImageSource> collect(List<Path> paths) throws IOException {
        List<ImageSource> out = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        Path relative = path.relativize(f);
                        if (!isHidden(relative)) {
                            out.add(new ImageSource(f, relative.toString().replace('\\', '/'), labelOf(relative)));
                        }
                    }
                }
            } else if (Files.isRegularFile(path)) {
                out.add(new ImageSource(path, path.getFileName().toString(), null));
            } else {
                throw new IOException("no such file or folder: " + path);
            }
        }
        return out;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Boolean labelOf(Path relative) {
        for (Path dir = relative.getParent(); dir != null; dir = dir.getParent()) {
            String name = dir.getFileName().toString();
            if (name.equals(ImageFolder.CATS)) {
                return Boolean.TRUE;
            }
            if (name.equals(ImageFolder.NON_CATS)) {
                return Boolean.FALSE;
            }
        }
        return null;
    }
}
