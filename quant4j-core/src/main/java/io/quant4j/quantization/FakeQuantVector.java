package io.quant4j.quantization;

import io.quant4j.tensor.VectorLoops;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FakeQuantKernel}'s loops written with the JDK's Vector API ({@code jdk.incubator.vector}):
 * whole vectors ({@code FloatVector.SPECIES_PREFERRED}: 16 floats with AVX-512, 8 with AVX2) are
 * loaded from and stored to native memory directly, where the scalar loops copy each chunk into a
 * Java array and back. Lane for lane the same operations as the scalar code ({@code Math.min} and
 * {@code Math.max} semantics, the same {@link FakeQuantKernel#rint} additions, a true division),
 * so the results are the same bit for bit (checked by {@code FakeQuantVectorTest} and
 * {@code FakeQuantKernelTest}). Byte buffers in the platform's order, element {@code i} at byte {@code 4 * i}.
 *
 * <p>Only {@link FakeQuantKernel} calls this class, and only when {@link VectorLoops#enabled()}
 * found the module: without {@code --add-modules jdk.incubator.vector} loading it would fail.
 */
final class FakeQuantVector {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private FakeQuantVector() {}

    /**
     * {@code out[i] = rint(clamp(x[i] * scale, minBound, maxBound)) / divisor} for
     * {@code from <= i < to}.
     */
    static void quantize(ByteBuffer x, ByteBuffer out, int from, int to, float scale, float divisor,
                         float minBound, float maxBound) {
        int step = SPECIES.length();
        int i = from;
        for (; i <= to - step; i += step) {
            FloatVector t = FloatVector.fromByteBuffer(SPECIES, x, 4 * i, ORDER).mul(scale).max(minBound).min(maxBound);
            FloatVector r = t.add(FakeQuantKernel.MAGIC).sub(FakeQuantKernel.MAGIC);
            r.neg().sub(t.mul(0f)).neg().div(divisor).intoByteBuffer(out, 4 * i, ORDER);
        }
        for (; i < to; i++) {
            float t = Math.min(Math.max(x.getFloat(4 * i) * scale, minBound), maxBound);
            out.putFloat(4 * i, FakeQuantKernel.rint(t) / divisor);
        }
    }

    /** Whether some {@code |x[i]|}, {@code from <= i < to}, exceeds {@code amax} or is NaN. */
    static boolean exceeds(ByteBuffer x, int from, int to, float amax) {
        int step = SPECIES.length();
        int i = from;
        FloatVector max = FloatVector.zero(SPECIES);
        for (; i <= to - step; i += step) {
            max = max.max(FloatVector.fromByteBuffer(SPECIES, x, 4 * i, ORDER).abs()); // NaN propagates
        }
        float m = max.reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) {
            m = Math.max(m, Math.abs(x.getFloat(4 * i)));
        }
        return !(m <= amax);
    }
}
