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
 * <p>Widening is {@code B2I} (sign-extending) then {@code & 0xFF}: JDK 17 (17.0.15) has {@code ZERO_EXTEND_B2I} in
 * its API, but {@code convertShape(ZERO_EXTEND_B2I, …)} from bytes to ints throws {@code IllegalArgumentException}
 * ("value 1099511627775 cannot be represented in ETYPE int").
 */
final class VectorResampleRows implements ResampleRows {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final int L = INTS.length();
    /** As many bytes as {@link #INTS} has ints, so one byte load widens into one int vector. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(8 * L));

    /** Called by {@link ResampleRows#fastestAvailable} through reflection (the class is loaded by name). */
    public VectorResampleRows() {
    }

    /** The general rows with a count of five: C2 unrolls the tap loop, the sum stays in one register. */
    @Override
    public void rows5(byte[] src, int r0, int stride, int[] w, int k, byte[] dst, int d) {
        rows(src, r0, stride, 5, w, k, dst, d);
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
