package io.catstream.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourceTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeyFolderFilesByRelativePathAndLabelThemFromCatsAndRandomImages() throws Exception {
        Path set = Files.createDirectories(dir.resolve("set"));
        Files.createDirectories(set.resolve("cats"));
        Files.createDirectories(set.resolve("random_images/sub"));
        Files.createDirectories(set.resolve("other"));
        Files.write(set.resolve("cats/cat.1.jpg"), new byte[] {1});
        Files.write(set.resolve("random_images/sub/dog.png"), new byte[] {2});
        Files.write(set.resolve("other/x.gif"), new byte[] {3});
        Files.write(set.resolve(".hidden.jpg"), new byte[] {4});
        Path loose = Files.write(dir.resolve("loose.jpg"), new byte[] {5});

        List<ImageSource> sources = ImageSource.collect(List.of(set, loose));

        assertThat(sources).extracting(ImageSource::id, ImageSource::label).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cats/cat.1.jpg", true),
                org.assertj.core.groups.Tuple.tuple("other/x.gif", null),
                org.assertj.core.groups.Tuple.tuple("random_images/sub/dog.png", false),
                org.assertj.core.groups.Tuple.tuple("loose.jpg", null));
        assertThat(ImageSender.record("images", sources.get(0), new byte[] {1}).headers().lastHeader("label").value())
                .isEqualTo("1".getBytes());
        assertThat(ImageSender.record("images", sources.get(1), new byte[] {3}).headers().lastHeader("label")).isNull();
    }
}
