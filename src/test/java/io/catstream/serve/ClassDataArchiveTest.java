package io.catstream.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve's AppCDS archive, as far as a test JVM can go: asked for only by the launcher's property, and a dump that
 * cannot happen (this JVM was not started with {@code -XX:+RecordDynamicDumpInfo}) leaves nothing a start could map.
 * The real dump runs in the restart ITs and bench/startup.sh, through bin/catstream.
 */
class ClassDataArchiveTest {

    @Test
    void shouldWriteNothingUnlessTheLauncherAskedForAnArchive() {
        assertThat(System.getProperty(ClassDataArchive.PROPERTY)).isNull();

        assertThat(ClassDataArchive.fromLauncher()).isEmpty();
    }

    @Test
    void shouldLeaveNoFileWhenThisJvmCannotDumpItsClasses(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("catstream-serve.jsa");
        System.setProperty(ClassDataArchive.PROPERTY, target.toString());
        try {
            ClassDataArchive archive = ClassDataArchive.fromLauncher().orElseThrow();

            archive.write();
        } finally {
            System.clearProperty(ClassDataArchive.PROPERTY);
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no archive and no temporary file").isEmpty();
        }
    }
}
