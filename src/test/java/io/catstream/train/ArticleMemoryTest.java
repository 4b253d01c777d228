package io.catstream.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catstream.nn.NetworkShape;
import org.junit.jupiter.api.Test;

class ArticleMemoryTest {

    private static final NetworkShape ARTICLE = new NetworkShape(new int[] {49152, 20, 7, 5, 1});

    @Test
    void shouldCountTheDataTwiceWhileLoadingAndTheGramMatrixTwiceWhilePacking() {
        // M = 1652 photos, m = 1322 training examples at 128×128, widths 20 + 7 + 5 + 1 = 33
        ArticleMemory gram = ArticleMemory.of(1652, 1322, ARTICLE, TrainingConfig.Solver.GRAM);
        ArticleMemory plain = ArticleMemory.of(1652, 1322, ARTICLE, TrainingConfig.Solver.PLAIN);

        assertThat(gram.loadingBytes()).isEqualTo(16L * 1652 * 49152);
        assertThat(plain.trainingBytes()).isEqualTo(8L * 1652 * 49152 + 8L * 1322 * 4 * 33);
        assertThat(gram.trainingBytes() - plain.trainingBytes()).isEqualTo(16L * 1322 * 1322 + 8L * 1322 * 2 * 20);
        assertThat(gram.peakBytes()).isEqualTo(gram.loadingBytes());
    }

    @Test
    void shouldRefuseAboveTheHeapNamingTheNeedTheLimitAndTheStreamingRecipes() {
        ArticleMemory large = ArticleMemory.of(100_000, 80_000, ARTICLE, TrainingConfig.Solver.GRAM);

        assertThat(large.peakBytes()).isEqualTo(8L * 100_000 * 49152 + 16L * 80_000 * 80_000 + 8L * 80_000 * (4 * 33 + 40));
        assertThatThrownBy(() -> large.requireWithin(8_000_000_000L)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("holds all 100000 images in memory (gram solver, 80000 training examples)")
                .hasMessageContaining("about 141.8 GB").hasMessageContaining("this JVM may use 8.0 GB")
                .hasMessageContaining("--recipe mlp or cnn").hasMessageNotContaining("\n");
        assertThatCode(() -> ArticleMemory.of(1652, 1322, ARTICLE, TrainingConfig.Solver.GRAM).requireWithin(2_000_000_000L))
                .doesNotThrowAnyException();
    }
}
