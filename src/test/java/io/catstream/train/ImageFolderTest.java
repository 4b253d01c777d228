package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path root;

    @Test
    void shouldListCatsFirstThenNonCatsEachInPythonSortedOrder() throws Exception {
        Files.createDirectories(root.resolve("cats"));
        Files.createDirectories(root.resolve("random_images"));
        for (String name : new String[] {"cat.10.jpg", "cat.2.jpg", "Cat.1.jpg", ".DS_Store"}) {
            Files.write(root.resolve("cats").resolve(name), new byte[] {1});
        }
        Files.write(root.resolve("random_images").resolve("b.png"), new byte[] {1});
        Files.write(root.resolve("random_images").resolve("a.png"), new byte[] {1});
        Files.createDirectories(root.resolve("random_images").resolve("subfolder"));

        ImageFolder folder = ImageFolder.scan(root);

        // Python: sorted(["cat.10.jpg", "cat.2.jpg", "Cat.1.jpg"]) == ['Cat.1.jpg', 'cat.10.jpg', 'cat.2.jpg']
        assertThat(folder.files()).extracting(f -> f.path().getFileName().toString())
                .containsExactly("Cat.1.jpg", "cat.10.jpg", "cat.2.jpg", "a.png", "b.png");
        assertThat(folder.files()).extracting(ImageFolder.LabelledFile::label).containsExactly(1, 1, 1, 0, 0);
        assertThat(folder.count(1)).isEqualTo(3);
    }

    @Test
    void shouldNameTheExpectedSubFoldersWhenTheyAreMissing() throws Exception {
        Files.createDirectories(root.resolve("cats"));

        assertThatThrownBy(() -> ImageFolder.scan(root)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("'cats'").hasMessageContaining("'random_images'");
        assertThatThrownBy(() -> ImageFolder.scan(root.resolve("nope"))).isInstanceOf(DatasetException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldRefuseAFolderWithoutFiles() throws Exception {
        Files.createDirectories(root.resolve("cats"));
        Files.createDirectories(root.resolve("random_images"));

        assertThatThrownBy(() -> ImageFolder.scan(root)).isInstanceOf(DatasetException.class).hasMessageContaining("no files");
    }
}
