package io.catstream.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared test data lives: the images of {@code /work/shared/data} and the NumPy
 * reference of {@code /work/shared/reference}. Looked up from the system property
 * {@code catstream.data} (the data folder), else {@code ../shared/data} next to the project, else
 * {@code /work/shared/data}. Tests that need it call {@link #assumePresent()}: skipped with a
 * reason on a machine without the data, run on CI where it is present.
 */
public final class SharedData {

    public static final String PROPERTY = "catstream.data";

    private SharedData() {
    }

    /** The data folder (article/, catvnoncat/, holdout/, MANIFEST.tsv); may not exist. */
    public static Path dataDir() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path besideProject = Path.of(System.getProperty("user.dir"), "..", "shared", "data")
                .toAbsolutePath().normalize();
        if (Files.isDirectory(besideProject)) {
            return besideProject;
        }
        return Path.of("/work/shared/data");
    }

    /** The shared folder holding {@code data/} and {@code reference/}. */
    public static Path root() {
        return dataDir().getParent();
    }

    /** The NumPy reference folder ({@code numpy_reference.py}, golden files). */
    public static Path referenceDir() {
        return root().resolve("reference");
    }

    public static boolean isPresent() {
        return Files.isDirectory(dataDir());
    }

    /** Skips the calling test when the data folder is missing, naming where it looked. */
    public static Path assumePresent() {
        Path dir = dataDir();
        assumeTrue(Files.isDirectory(dir), "shared test data not found at " + dir
                + " (set -D" + PROPERTY + "=/path/to/shared/data)");
        return dir;
    }

    /** A file or folder under the data folder, skipping the test when it is missing. */
    public static Path assumeData(String relative) {
        Path path = assumePresent().resolve(relative);
        assumeTrue(Files.exists(path), "shared test data has no " + path);
        return path;
    }
}
