package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quant4j.tensor.VectorLoops;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FakeQuantVector}'s loops against the scalar arithmetic of {@link FakeQuantKernel}, element by element. */
class FakeQuantVectorTest {
    /** Every length from 0 to 70 (whole vectors and tails) at offsets 0 to 5, awkward values, several grids. */
    @Test
    void vectorLoopsEqualTheScalarLoopsBitForBit() {
        assumeVector();
        Random r = new Random(11);
        float[] x = new float[4_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (i % 11) {
                case 0 -> Float.NaN;
                case 1 -> -0f;
                case 2 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                case 3 -> (r.nextInt(400) - 200 + 0.5f) / 127f; // ties for amax 1
                case 4 -> Float.MIN_VALUE;
                default -> (float) r.nextGaussian() * 2f;
            };
        }
        ByteBuffer in = bytes(x);
        for (QuantGrid g : new QuantGrid[] {QuantGrid.INT8, new QuantGrid(8, false, true), new QuantGrid(4, false, false), new QuantGrid(8, true, false)}) {
            for (float amax : new float[] {1f, 0.37f, 3e-8f}) {
                float scale = g.scale(amax);
                float divisor = g.divisor(amax);
                for (int from = 0; from < 6; from++) {
                    for (int len = 0; len <= 70; len++) {
                        ByteBuffer out = ByteBuffer.allocate(4 * x.length).order(ByteOrder.nativeOrder());
                        FakeQuantVector.quantize(in, out, from, from + len, scale, divisor, g.minBound(), g.maxBound());
                        boolean exceeds = false;
                        for (int i = from; i < from + len; i++) {
                            float expected = FakeQuantKernel.rint(Math.min(Math.max(x[i] * scale, g.minBound()), g.maxBound())) / divisor;
                            assertThat(Float.floatToRawIntBits(out.getFloat(4 * i))).as("%s amax %s: x[%d] = %s", g, amax, i, x[i])
                                    .isEqualTo(Float.floatToRawIntBits(expected));
                            exceeds |= !(Math.abs(x[i]) <= amax);
                        }
                        assertThat(out.getFloat(4 * (from + len))).as("nothing written past the range").isZero();
                        assertThat(FakeQuantVector.exceeds(in, from, from + len, amax)).as("exceeds on [%d, %d)", from, from + len)
                                .isEqualTo(exceeds);
                    }
                }
            }
        }
    }

    @Test
    void exceedsFindsOneClippedOrNaNValueAnywhere() {
        assumeVector();
        float[] x = new float[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 2 == 0 ? 1 : -1) * 0.5f;
        }
        assertThat(FakeQuantVector.exceeds(bytes(x), 0, x.length, 0.5f)).as("|x| = amax does not clip").isFalse();
        for (int at = 0; at < x.length; at++) {
            for (float bad : new float[] {Math.nextUp(0.5f), -Math.nextUp(0.5f), Float.NaN}) {
                float[] y = x.clone();
                y[at] = bad;
                assertThat(FakeQuantVector.exceeds(bytes(y), 0, y.length, 0.5f)).as("%s at %d", bad, at).isTrue();
            }
        }
    }

    private static void assumeVector() {
        assumeTrue(VectorLoops.usable(), "this JVM has no usable jdk.incubator.vector (run with --add-modules jdk.incubator.vector,"
                + " as the build's surefire configuration does); the scalar loops are tested by FakeQuantKernelTest");
    }

    private static ByteBuffer bytes(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(4 * x.length + 4).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(x);
        return b;
    }
}
