package io.catstream.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.train.DatasetException;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue #14, larger than memory: a data set read from Kafka keeps its image bytes in a temporary file, not the heap. */
class SpilledImagesTest {

    @Test
    void shouldGiveBackEveryImagesBytesByIndexAndTheIdsAndTruthsWithoutReadingThem() {
        Random random = new Random(3);
        byte[] big = new byte[300_000];
        random.nextBytes(big);
        List<LabelledImage> images = List.of(new LabelledImage("cats/a.jpg", true, new byte[] {1, 2, 3}),
                new LabelledImage("cats/empty.jpg", true, new byte[0]), new LabelledImage("random_images/b.png", false, big));

        try (SpilledImages spilled = SpilledImages.of(images)) {
            assertThat(spilled).hasSize(3);
            assertThat(spilled.ids()).containsExactly("cats/a.jpg", "cats/empty.jpg", "random_images/b.png");
            assertThat(spilled.count(true)).isEqualTo(2);
            assertThat(spilled.label(2)).isZero();
            assertThat(spilled.bytes(2)).isEqualTo(big);
            assertThat(spilled.get(0).bytes()).isEqualTo(new byte[] {1, 2, 3});
            assertThat(spilled.get(1).bytes()).isEmpty();
            assertThat(DatasetHash.of(spilled)).as("hashed from the file as from memory").isEqualTo(DatasetHash.of(images));
        }
    }

    @Test
    void shouldLeaveNoFileBehindOnceClosedAndSayWhyReadingAfterwardsFails() {
        ImageSpill spill = ImageSpill.create();
        long at = spill.append(new byte[] {4, 5});
        assertThat(spill.read(at, 2)).containsExactly(4, 5);
        assertThat(spill.size()).isEqualTo(2);

        spill.close();

        assertThat(Files.exists(spill.file())).as("the spill file is deleted").isFalse();
        assertThatThrownBy(() -> spill.read(at, 2)).isInstanceOf(DatasetException.class).hasMessageContaining("spill file");
    }

    @Test
    void shouldHandTheSpillToTheDecidedSetWhichDeletesItWhenClosed() {
        ImageSpill spill = ImageSpill.create();
        TruthRules rules = new TruthRules(spill);
        rules.image("cats/a.jpg", new byte[] {1}, true);
        rules.image("cats/b.jpg", new byte[] {2, 2}, null);
        rules.truth("cats/b.jpg", true);
        rules.image("cats/c.jpg", new byte[] {3}, null); // no truth: its bytes are in the file, but not in the set

        TruthRules.Decided set = rules.decide();
        assertThat(set.images().ids()).containsExactly("cats/a.jpg", "cats/b.jpg");
        assertThat(set.images().bytes(1)).containsExactly(2, 2);

        set.close();

        assertThat(Files.exists(spill.file())).isFalse();
    }
}
