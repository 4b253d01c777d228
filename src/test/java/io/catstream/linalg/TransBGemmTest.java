package io.catstream.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both GEMM kernels against EJML's {@code CommonOps_DDRM.multTransB} on shapes that are and are not multiples of
 * the block sizes (MR = 4, NR = 3 lanes, kc). The scalar kernel sums like EJML and must be bit-equal; the vector
 * kernel uses FMAs and must be within 1e-12 of the largest |c| (entries can cancel to near zero, where an
 * elementwise relative error means nothing).
 */
class TransBGemmTest {

    private static final int[] SIZES = {1, 3, 7, 20, 61, 130};
    private static final TransBGemm SCALAR = new ScalarTransBGemm(2);
    // a small kc so that K-blocking (several blocks plus a partial one) is exercised by K = 61 and 130
    private static final TransBGemm VECTOR = new VectorTransBGemm(2, 16);
    private static final TransBGemm VECTOR_DEFAULT = new VectorTransBGemm(2);

    static Stream<Arguments> shapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int m : SIZES) {
            for (int n : SIZES) {
                for (int k : SIZES) {
                    shapes.add(Arguments.of(m, n, k));
                }
            }
        }
        shapes.add(Arguments.of(20, 1323, 300));
        return shapes.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void shouldMatchEjmlMultTransBOnAnyShape(int m, int n, int k) {
        Random random = new Random(31L * m + 7L * n + k);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(m, k, -1, 1, random);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(n, k, -1, 1, random);
        DMatrixRMaj expected = new DMatrixRMaj(m, n);
        CommonOps_DDRM.multTransB(a, b, expected);

        DMatrixRMaj scalar = new DMatrixRMaj(1, 1);
        SCALAR.multTransB(a, b, scalar);
        assertThat(scalar.data).containsExactly(expected.data);

        for (TransBGemm kernel : List.of(VECTOR, VECTOR_DEFAULT)) {
            DMatrixRMaj c = new DMatrixRMaj(1, 1);
            kernel.multTransB(a, b, c);
            assertClose(c, expected, kernel.name());
            DMatrixRMaj fromPacked = new DMatrixRMaj(1, 1);
            kernel.multTransB(a, kernel.pack(b), fromPacked);
            assertThat(fromPacked.data).as("packed b, " + kernel.name()).containsExactly(c.data);
        }
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("gramShapes")
    void shouldComputeASymmetricGramMatrixEqualToXTimesXTransposed(int m, int k) {
        Random random = new Random(1000L * m + k);
        DMatrixRMaj x = RandomMatrices_DDRM.rectangle(m, k, 0, 1, random);
        DMatrixRMaj expected = new DMatrixRMaj(m, m);
        CommonOps_DDRM.multTransB(x, x, expected);
        for (TransBGemm kernel : List.of(SCALAR, VECTOR, VECTOR_DEFAULT)) {
            DMatrixRMaj g = new DMatrixRMaj(1, 1);
            kernel.gram(x, g);
            assertClose(g, expected, kernel.name());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    assertThat(g.get(i, j)).as("symmetry at %d,%d", i, j).isEqualTo(g.get(j, i));
                }
            }
        }
    }

    static Stream<Arguments> gramShapes() {
        return Stream.of(Arguments.of(1, 5), Arguments.of(7, 3), Arguments.of(25, 61), Arguments.of(61, 130),
                Arguments.of(130, 7), Arguments.of(203, 517));
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("shapes")
    void shouldAddAProductWithAnUntransposedRightHandSideLikeEjmlMultAdd(int m, int n, int k) {
        Random random = new Random(17L * m + 5L * n + k);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(m, k, -1, 1, random);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(k, n, -1, 1, random);
        DMatrixRMaj start = RandomMatrices_DDRM.rectangle(m, n, -1, 1, random);
        DMatrixRMaj expected = start.copy();
        CommonOps_DDRM.multAdd(a, b, expected);
        for (TransBGemm kernel : List.of(SCALAR, VECTOR)) {
            DMatrixRMaj c = start.copy();
            kernel.multAdd(a, b, c);
            assertClose(c, expected, kernel.name());
        }
    }

    /** Tiles race between the caller and a helper (see ParallelTiles): no call may lose or duplicate a tile. */
    @Test
    void shouldGiveTheSameProductOnEveryOneOfManyParallelCalls() {
        Random random = new Random(5);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(20, 61, -1, 1, random);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(130, 61, -1, 1, random);
        TransBGemm.PackedTransB packed = VECTOR_DEFAULT.pack(b);
        DMatrixRMaj first = new DMatrixRMaj(1, 1);
        VECTOR_DEFAULT.multTransB(a, packed, first);
        DMatrixRMaj c = new DMatrixRMaj(1, 1);
        for (int call = 0; call < 5000; call++) {
            c.zero();
            VECTOR_DEFAULT.multTransB(a, packed, c);
            assertThat(c.data).as("call %d", call).containsExactly(first.data);
        }
    }

    @Test
    void shouldFallBackToAScalarKernelOnlyWithoutTheVectorModule() {
        TransBGemm kernel = TransBGemm.fastestAvailable(2);
        boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertThat(kernel).isInstanceOf(vectorModule ? VectorTransBGemm.class : ScalarTransBGemm.class);
    }

    private static void assertClose(DMatrixRMaj actual, DMatrixRMaj expected, String what) {
        assertThat(actual.numRows).isEqualTo(expected.numRows);
        assertThat(actual.numCols).isEqualTo(expected.numCols);
        double scale = 0;
        for (double v : expected.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.getNumElements(); i++) {
            assertThat(Math.abs(actual.data[i] - expected.data[i]))
                    .as("%s element %d: %s vs %s", what, i, actual.data[i], expected.data[i])
                    .isLessThanOrEqualTo(1e-12 * Math.max(scale, Double.MIN_NORMAL));
        }
    }
}
