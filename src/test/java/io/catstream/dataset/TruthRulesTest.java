package io.catstream.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TruthRulesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPutTheDataSetInImageIdOrderWhateverOrderTheRecordsCameIn() {
        TruthRules rules = new TruthRules();
        rules.image("random_images/b.jpg", bytes("b"), false);
        rules.image("cats/z.jpg", bytes("z"), null);
        rules.image("cats/a.jpg", bytes("a"), true);
        rules.image("Cats/upper.jpg", bytes("u"), true); // 'C' (67) sorts before 'c' (99): code-unit order, not locale
        rules.truth("cats/z.jpg", true);

        try (TruthRules.Decided set = rules.decide()) {
            assertThat(set.images()).extracting(LabelledImage::id)
                    .containsExactly("Cats/upper.jpg", "cats/a.jpg", "cats/z.jpg", "random_images/b.jpg");
            assertThat(set.images()).extracting(LabelledImage::isCat).containsExactly(true, true, true, false);
            assertThat(set.images().get(2).bytes()).isEqualTo(bytes("z"));
            assertThat(set.leftOut()).isEmpty();
            assertThat(set.count(true)).isEqualTo(3);
        }
    }

    @Test
    void shouldLeaveOutConflictingAndMissingTruthAndKeepTheFirstImageOfAnId() {
        TruthRules rules = new TruthRules();
        rules.image("header-vs-topic", bytes("1"), true);
        rules.truth("header-vs-topic", false);
        rules.image("two-truths", bytes("2"), null);
        rules.truth("two-truths", true);
        rules.truth("two-truths", false);
        rules.image("said-twice", bytes("3"), null);
        rules.truth("said-twice", false);
        rules.truth("said-twice", false);
        rules.image("nobody-knows", bytes("4"), null);
        rules.image("sent-twice", bytes("first"), true);
        rules.image("sent-twice", bytes("second"), false); // its header does not count either: the join joins the first
        rules.image(null, bytes("no key"), true);
        rules.truth("truth-without-image", true);

        try (TruthRules.Decided set = rules.decide()) {
            assertThat(set.images()).extracting(LabelledImage::id).containsExactly("said-twice", "sent-twice");
            assertThat(set.images().get(0).isCat()).isFalse();
            assertThat(set.images().get(1).bytes()).isEqualTo(bytes("first"));
            assertThat(set.images().get(1).isCat()).isTrue();
            assertThat(set.leftOut()).isEqualTo(Map.of(LeftOut.CONFLICTING_TRUTH, 2L, LeftOut.NO_TRUTH, 1L,
                    LeftOut.DUPLICATE_ID, 1L, LeftOut.NO_ID, 1L));
        }
    }
}
