package io.quant4j.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StraightThrough}'s masking with the JDK's Vector API: {@code g[i] = m[i] != 0 ? g[i] : +0}
 * ({@code where(m, g, 0)}: NaN and infinities under a 0 become +0) on native memory, a vector of
 * floats and the same number of mask bytes at a time. Float bytes in the platform's order,
 * element {@code i} at byte {@code 4 * i}; mask byte {@code i} at byte {@code i}.
 *
 * <p>Only called when {@link VectorLoops#enabled()}: without {@code --add-modules
 * jdk.incubator.vector} loading this class would fail.
 */
final class MaskVector {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Bytes with as many lanes as {@link #FLOATS} (64 bits for 8 floats, 128 for 16), or null below 8 lanes. */
    private static final VectorSpecies<Byte> BYTES = FLOATS.length() >= 8
            ? ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(8 * FLOATS.length())) : null;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private MaskVector() {}

    /** Floats per vector on this machine. */
    static int lanes() {
        return FLOATS.length();
    }

    /** Masks {@code g} by {@code m} on elements {@code [from, to)}. */
    static void mask(ByteBuffer g, ByteBuffer m, int from, int to) {
        int i = from;
        if (BYTES != null) {
            int step = FLOATS.length();
            for (; i <= to - step; i += step) {
                VectorMask<Float> off = ((FloatVector) ByteVector.fromByteBuffer(BYTES, m, i, ORDER)
                        .convertShape(VectorOperators.B2F, FLOATS, 0)).compare(VectorOperators.EQ, 0f);
                if (off.anyTrue()) {
                    FloatVector.fromByteBuffer(FLOATS, g, 4 * i, ORDER).blend(0f, off).intoByteBuffer(g, 4 * i, ORDER);
                }
            }
        }
        for (; i < to; i++) {
            if (m.get(i) == 0) {
                g.putFloat(4 * i, 0f);
            }
        }
    }

    /** Masks a small buffer of awkward values both ways; null when they agree bit for bit, else what differs. */
    static String selfCheck() {
        int n = 3 * Math.max(FLOATS.length(), 8) + 5;
        ByteBuffer g = ByteBuffer.allocate(4 * n).order(ORDER);
        ByteBuffer m = ByteBuffer.allocate(n);
        float[] awkward = {Float.NaN, -0f, Float.NEGATIVE_INFINITY, 1.5f, -2.25f, Float.MIN_VALUE};
        for (int i = 0; i < n; i++) {
            g.putFloat(4 * i, awkward[i % awkward.length]);
            m.put(i, (byte) (i % 3 == 0 ? 0 : 1));
        }
        mask(g, m, 1, n);
        for (int i = 0; i < n; i++) {
            float v = awkward[i % awkward.length];
            float expected = i >= 1 && m.get(i) == 0 ? 0f : v;
            if (Float.floatToRawIntBits(g.getFloat(4 * i)) != Float.floatToRawIntBits(expected)) {
                return "the vector masking gave " + g.getFloat(4 * i) + " at " + i + " where " + expected + " was expected";
            }
        }
        return null;
    }
}
