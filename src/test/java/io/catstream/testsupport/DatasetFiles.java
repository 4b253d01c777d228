package io.catstream.testsupport;

import io.catstream.model.Sha256;
import io.catstream.train.ImageFolder;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The data set SHA-256 of docs/retraining.md ("The data set hash") recomputed from image files, with the layout
 * written out here rather than through {@code DatasetHash}: what a model's lineage must say about the photos it
 * was trained on.
 */
public final class DatasetFiles {

    private DatasetFiles() {
    }

    /** The hash of {@code images} (id → original bytes; a cat when the id starts with {@code cats/}), in id order. */
    public static String sha256(SortedMap<String, byte[]> images) {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(all);
            out.writeBytes("catstream-dataset-v1\n");
            for (Map.Entry<String, byte[]> e : images.entrySet()) {
                byte[] id = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(id.length);
                out.write(id);
                out.writeByte(e.getKey().startsWith(ImageFolder.CATS + "/") ? 1 : 0);
                out.writeLong(e.getValue().length);
                out.write(e.getValue());
            }
            return Sha256.hex(all.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hash of the images in {@code root}/cats and {@code root}/random_images, ids {@code cats/NAME} etc. */
    public static String sha256OfFolder(Path root) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (String cls : List.of(ImageFolder.CATS, ImageFolder.NON_CATS)) {
            try (Stream<Path> list = Files.list(root.resolve(cls))) {
                for (Path p : list.toList()) {
                    files.put(cls + "/" + p.getFileName(), Files.readAllBytes(p));
                }
            }
        }
        return sha256(files);
    }

    /** The first {@code n} file names in {@code classFolder}, sorted (hidden files skipped). */
    public static List<String> firstFiles(Path classFolder, int n) throws IOException {
        try (Stream<Path> files = Files.list(classFolder)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> !f.startsWith(".")).sorted().limit(n).toList();
        }
    }
}
