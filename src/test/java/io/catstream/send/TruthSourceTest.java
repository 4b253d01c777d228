package io.catstream.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code catstream truth} takes its truth from: a CSV file, labelled folders, a fraction of them. */
class TruthSourceTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadACsvWithOrWithoutItsHeaderLine() throws IOException {
        Path csv = Files.writeString(dir.resolve("truth.csv"), "image_id,is_cat\ncats/a,b.jpg,1\n\nrandom_images/x.jpg, false\n");

        assertThat(TruthSource.readCsv(csv)).containsExactly(new TruthSource("cats/a,b.jpg", true),
                new TruthSource("random_images/x.jpg", false));
    }

    @Test
    void shouldNameTheBadLineOfACsv() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad.csv"), "a.jpg,1\nb.jpg,maybe\n");

        assertThatThrownBy(() -> TruthSource.readCsv(csv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2").hasMessageContaining("b.jpg,maybe");
    }

    @Test
    void shouldTakeTheLabelledFilesOfFoldersWithTheIdsSendGivesThem() throws IOException {
        Files.createDirectories(dir.resolve("set/cats"));
        Files.createDirectories(dir.resolve("set/random_images"));
        Files.write(dir.resolve("set/cats/c.jpg"), new byte[] {1});
        Files.write(dir.resolve("set/random_images/r.jpg"), new byte[] {1});
        Files.write(dir.resolve("set/other.jpg"), new byte[] {1});

        List<TruthSource> truths = TruthSource.fromFolders(List.of(dir.resolve("set")));

        assertThat(truths).containsExactly(new TruthSource("cats/c.jpg", true), new TruthSource("random_images/r.jpg", false));
        assertThat(ImageSource.collect(List.of(dir.resolve("set"))).stream().map(ImageSource::id))
                .contains("cats/c.jpg", "random_images/r.jpg");
    }

    @Test
    void shouldChooseAboutTheFractionAndTheSameImagesEveryTime() {
        List<TruthSource> all = IntStream.range(0, 10_000).mapToObj(i -> new TruthSource("img-" + i + ".jpg", i % 2 == 0)).toList();

        List<TruthSource> sixty = TruthSource.fraction(all, 0.6);

        assertThat(sixty.size()).isBetween(5_800, 6_200);
        assertThat(TruthSource.fraction(all, 0.6)).isEqualTo(sixty);
        assertThat(TruthSource.fraction(all, 0.3)).isSubsetOf(sixty);
        assertThat(TruthSource.fraction(all, 0)).isEmpty();
        assertThat(TruthSource.fraction(all, 1)).hasSize(10_000);
    }
}
