package io.quant4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quant4j.errors.Quant4jException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The choice between vector and scalar loops, and the vector masking against {@code where(m, g, 0)} element by element. */
class VectorLoopsTest {
    @Test
    void autoFollowsAvailabilityOffNeverOnRequiresIt() {
        assertThat(VectorLoops.configured(null, null, null)).isTrue();
        assertThat(VectorLoops.configured(null, null, "no module")).isFalse();
        assertThat(VectorLoops.configured(" AUTO ", null, null)).isTrue();
        assertThat(VectorLoops.configured("off", "on", null)).as("the property wins").isFalse();
        assertThat(VectorLoops.configured(null, "off", null)).isFalse();
        assertThat(VectorLoops.configured("on", null, null)).isTrue();
        assertThatThrownBy(() -> VectorLoops.configured("on", null, "the module jdk.incubator.vector is not loaded"))
                .isInstanceOf(Quant4jException.class)
                .hasMessageContaining("system property quant4j.vector is on, but the module jdk.incubator.vector is not loaded")
                .hasMessageContaining("--add-modules jdk.incubator.vector");
        assertThatThrownBy(() -> VectorLoops.configured(null, "fast", null))
                .isInstanceOf(Quant4jException.class)
                .hasMessageContaining("expected auto, on or off, found \"fast\" in the environment variable QUANT4J_VECTOR");
    }

    /** With the module loaded, the vector loops must pass their own check: a failure would fall back silently to slower loops. */
    @Test
    void theLoadedModulePassesTheBitExactnessCheck() {
        assumeTrue(ModuleLayer.boot().findModule(VectorLoops.MODULE).isPresent(), "this JVM was started without --add-modules "
                + VectorLoops.MODULE);
        assertThat(VectorLoops.usable()).as(VectorLoops.describe()).isTrue();
    }

    @Test
    void describesTheDecision() {
        assertThat(VectorLoops.describe()).matches("(Vector API loops, \\d+ floats per vector|scalar loops: .+)");
        assertThat(VectorLoops.describe().startsWith("Vector API")).isEqualTo(VectorLoops.enabled());
    }

    /** Every range of a buffer of awkward values (NaN, infinities, signed zeros) under an irregular mask. */
    @Test
    void vectorMaskingEqualsWhereMaskGradZero() {
        assumeVector();
        float[] awkward = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 1.5f, -2.25f, Float.MIN_VALUE};
        int n = 300;
        Random r = new Random(5);
        byte[] m = new byte[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = i % 5 == 0 ? (float) r.nextGaussian() : awkward[r.nextInt(awkward.length)];
            m[i] = (byte) (i < 40 ? 1 : i < 80 ? 0 : r.nextInt(3) == 0 ? 0 : 1); // all kept, all masked, mixed
        }
        for (int from = 0; from < 20; from++) {
            for (int to = from; to <= n; to += 13) {
                ByteBuffer gb = ByteBuffer.allocate(4 * n).order(ByteOrder.nativeOrder());
                gb.asFloatBuffer().put(g);
                MaskVector.mask(gb, ByteBuffer.wrap(m), from, to);
                for (int i = 0; i < n; i++) {
                    float expected = i >= from && i < to && m[i] == 0 ? 0f : g[i];
                    assertThat(Float.floatToRawIntBits(gb.getFloat(4 * i))).as("[%d, %d): element %d = %s, mask %d", from, to, i, g[i], m[i])
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    private static void assumeVector() {
        assumeTrue(VectorLoops.usable(), "this JVM has no usable jdk.incubator.vector (run with --add-modules jdk.incubator.vector,"
                + " as the build's surefire configuration does); StraightThroughTest covers the scalar loops");
    }
}
