package io.catstream.image;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ResampleRows} with the JDK 17 Vector API: {@code L} bytes of the row at a time (16 with AVX-512), widened
 * to {@code L} ints, multiplied by each row's weight and summed in one register, shifted, clamped to 0..255 and
 * narrowed back; the last {@code stride mod L} bytes go through {@link ScalarResampleRows}. Needs
 * {@code --add-modules jdk.incubator.vector}; get it through {@link ResampleRows#fastestAvailable}.
 *
 * <p>Widening is {@code B2I} (sign-extending, a single {@code vpmovsxbd}) then {@code & 0xFF}: JDK 17 has
 * {@code ZERO_EXTEND_B2I} in its API but only compiles the signed casts to vector instructions.
 */
final class VectorResampleRows implements ResampleRows {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int L = INTS.length();
    /** As many bytes as {@link #INTS} has ints, so one byte load widens into one int vector. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L));

    /** Public for {@link ResampleRows#fastestAvailable}, which loads this class by name. */
    public VectorResampleRows() {
    }

    @Override
    public void rows5(byte[] src, int r0, int stride, int[] w, int k, byte[] dst, int d) {
        int w0 = w[k];
        int w1 = w[k + 1];
        int w2 = w[k + 2];
        int w3 = w[k + 3];
        int w4 = w[k + 4];
        int r1 = r0 + stride;
        int r2 = r1 + stride;
        int r3 = r2 + stride;
        int r4 = r3 + stride;
        int bound = stride - L;
        int i = 0;
        for (; i <= bound; i += L) {
            IntVector ss = IntVector.broadcast(INTS, HALF)
                    .add(widen(src, r0 + i).mul(w0))
                    .add(widen(src, r1 + i).mul(w1))
                    .add(widen(src, r2 + i).mul(w2))
                    .add(widen(src, r3 + i).mul(w3))
                    .add(widen(src, r4 + i).mul(w4));
            store(ss, dst, d + i);
        }
        ScalarResampleRows.rows5(src, r0, stride, w, k, dst, d, i, stride);
    }

    @Override
    public void rows(byte[] src, int r0, int stride, int count, int[] w, int k, byte[] dst, int d) {
        int bound = stride - L;
        int i = 0;
        for (; i <= bound; i += L) {
            IntVector ss = IntVector.broadcast(INTS, HALF);
            for (int y = 0, s = r0 + i; y < count; y++, s += stride) {
                ss = ss.add(widen(src, s).mul(w[k + y]));
            }
            store(ss, dst, d + i);
        }
        ScalarResampleRows.rows(src, r0, stride, count, w, k, dst, d, i, stride);
    }

    /** {@code L} bytes from {@code src[s]} as unsigned ints. */
    private static IntVector widen(byte[] src, int s) {
        return ((IntVector) ByteVector.fromArray(BYTES, src, s).convertShape(VectorOperators.B2I, INTS, 0)).and(0xFF);
    }

    /** {@code clip8} of each lane into {@code dst[d .. d + L]}. */
    private static void store(IntVector sums, byte[] dst, int d) {
        sums.lanewise(VectorOperators.ASHR, PRECISION_BITS).max(0).min(255)
                .convertShape(VectorOperators.I2B, BYTES, 0).reinterpretAsBytes().intoArray(dst, d);
    }

    @Override
    public String name() {
        return "vector(" + L + " bytes)";
    }
}
