package io.catstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShadowSelectionTest {

    private static final int N = 20_000;
    private static final BigInteger MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private static String id(int i) {
        return "photos/img-" + i + ".jpg";
    }

    /** The documented hash, in arbitrary-precision arithmetic mod 2⁶⁴ (no shared code with the one under test). */
    private static long referenceHash(String id) {
        BigInteger h = new BigInteger("cbf29ce484222325", 16);
        BigInteger prime = new BigInteger("100000001b3", 16);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h = h.xor(BigInteger.valueOf(b & 0xff)).multiply(prime).and(MASK);
        }
        h = h.xor(h.shiftRight(30)).multiply(new BigInteger("bf58476d1ce4e5b9", 16)).and(MASK);
        h = h.xor(h.shiftRight(27)).multiply(new BigInteger("94d049bb133111eb", 16)).and(MASK);
        return h.xor(h.shiftRight(31)).longValue();
    }

    @Test
    void shouldHashTheIdsUtf8BytesAsDocumentedSoEveryInstanceChoosesTheSameImages() {
        for (String id : new String[] {"", "a", "cats/cat.1.jpg", "chats/été-ü.png", id(123_456)}) {
            assertThat(ShadowSelection.hash(id)).as(id).isEqualTo(referenceHash(id));
        }
        ShadowSelection one = new ShadowSelection(0.3);
        ShadowSelection other = new ShadowSelection(0.3);
        assertThat(IntStream.range(0, 1000).allMatch(i -> one.selects(id(i)) == other.selects(id(i)))).isTrue();
        assertThat(one.selects(null)).isEqualTo(one.selects(""));
    }

    /** The count of selected ids lies within 4.5 standard deviations of the binomial mean n·f (a false alarm ~1 in 150,000). */
    @ParameterizedTest
    @ValueSource(doubles = {0.01, 0.1, 0.5, 0.9})
    void shouldSelectTheFractionWithinBinomialBounds(double fraction) {
        ShadowSelection selection = new ShadowSelection(fraction);
        long selected = IntStream.range(0, N).filter(i -> selection.selects(id(i))).count();

        double sd = Math.sqrt(N * fraction * (1 - fraction));
        assertThat((double) selected).isBetween(N * fraction - 4.5 * sd, N * fraction + 4.5 * sd);
    }

    @Test
    void shouldSelectTheFractionInEveryPartitionNotOnlyOverall() {
        ShadowSelection selection = new ShadowSelection(0.25);
        int partitions = 6;
        int[] ids = new int[partitions];
        int[] selected = new int[partitions];
        for (int i = 0; i < N; i++) {
            int p = Utils.toPositive(Utils.murmur2(id(i).getBytes(StandardCharsets.UTF_8))) % partitions; // Kafka's partitioner
            ids[p]++;
            if (selection.selects(id(i))) {
                selected[p]++;
            }
        }
        for (int p = 0; p < partitions; p++) {
            double sd = Math.sqrt(ids[p] * 0.25 * 0.75);
            assertThat((double) selected[p]).as("partition %d", p).isBetween(ids[p] * 0.25 - 4.5 * sd, ids[p] * 0.25 + 4.5 * sd);
        }
    }

    @Test
    void shouldSelectEveryImageAtOneNoneAtZeroAndNestTheSelections() {
        assertThat(IntStream.range(0, N).allMatch(i -> ShadowSelection.ALL.selects(id(i)))).isTrue();
        assertThat(IntStream.range(0, N).noneMatch(i -> new ShadowSelection(0).selects(id(i)))).isTrue();
        ShadowSelection small = new ShadowSelection(0.2);
        ShadowSelection large = new ShadowSelection(0.6);
        assertThat(IntStream.range(0, N).filter(i -> small.selects(id(i))).allMatch(i -> large.selects(id(i))))
                .as("raising the fraction adds images, never swaps them").isTrue();
    }

    @Test
    void shouldRefuseAFractionOutsideZeroToOne() {
        for (double bad : new double[] {-0.1, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> new ShadowSelection(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("shadow fraction");
        }
    }
}
