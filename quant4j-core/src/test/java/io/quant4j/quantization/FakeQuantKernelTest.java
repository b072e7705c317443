package io.quant4j.quantization;

import static io.quant4j.quantization.QuantizationReferenceTest.assertBitExact;
import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.VectorLoops;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Java fake-quantization kernel against the scalar reference, in every autograd mode, with
 * its scalar loops and, where the JVM has the Vector API, its vector loops ({@link VectorLoops}).
 */
class FakeQuantKernelTest {
    /** The loops to test: scalar, and vector when this JVM can run them. */
    private static boolean[] loops() {
        return VectorLoops.usable() ? new boolean[] {false, true} : new boolean[] {false};
    }

    @Test
    void rintEqualsMathRintOnTiesZerosSubnormalsAndRandomValues() {
        for (int k = -70000; k <= 70000; k++) {
            for (float t : new float[] {k, k + 0.5f, k - 0.5f, Math.nextUp(k + 0.5f), Math.nextDown(k + 0.5f)}) {
                assertRint(t);
            }
        }
        for (float t : new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -0.49999997f, 0.49999997f,
                Float.NaN, 4194303.5f, -4194303.5f}) {
            assertRint(t);
        }
        Random r = new Random(7);
        for (int i = 0; i < 2_000_000; i++) {
            float t = Float.intBitsToFloat(r.nextInt());
            if (Math.abs(t) < 0x1p22f) {
                assertRint(t);
            }
        }
    }

    private static void assertRint(float t) {
        assertThat(Float.floatToRawIntBits(FakeQuantKernel.rint(t))).as("rint(%s)", t)
                .isEqualTo(Float.floatToRawIntBits((float) Math.rint(t)));
    }

    /** Random values with the awkward ones mixed in: ties, zeros of both signs, NaN, infinities, the bounds. */
    private static float[] awkward(int n, float amax, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        float step = amax / 127f;
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 9) {
                case 0 -> (r.nextInt(300) - 150 + 0.5f) * step; // ties
                case 1 -> -0f;
                case 2 -> (i % 18 == 2) ? amax : -amax;
                case 3 -> (i % 27 == 3) ? Float.NaN : (i % 27 == 12 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
                case 4 -> -r.nextFloat() * step * 0.49f; // rounds to -0
                default -> (float) r.nextGaussian() * amax;
            };
        }
        return x;
    }

    private static float[] reference(float[] x, float[] amax, int inner, QuantGrid g) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = g.fakeQuant(x[i], amax[(i / inner) % amax.length]);
        }
        return y;
    }

    /** noGrad, record() (a straight-through cut) and grad mode outside a recording (where + overwrite). */
    private static void inEveryMode(String what, Supplier<float[]> run, float[] expected) {
        for (boolean vector : loops()) {
            try (VectorLoops.Use use = VectorLoops.use(vector)) {
                inEveryMode0(what + (vector ? ", vector loops" : ", scalar loops"), run, expected);
            }
        }
    }

    private static void inEveryMode0(String what, Supplier<float[]> run, float[] expected) {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            assertBitExact(run.get(), expected, what + " (no grad)");
        }
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            assertBitExact(run.get(), expected, what + " (recording)");
        }
        // a new thread starts with PyTorch's default, grad mode on, and has no recording open
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try (Scope s = Scope.open()) {
                assertThat(Autograd.isRecording()).as("PyTorch's default grad mode").isTrue();
                assertBitExact(run.get(), expected, what + " (grad mode, no recording)");
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(failure.get()).as("grad mode without a recording").isNull();
    }

    @Test
    void perTensorIsBitExactWithNegativeZerosInEveryMode() {
        for (QuantGrid g : new QuantGrid[] {QuantGrid.INT8, new QuantGrid(8, false, true), new QuantGrid(4, false, false)}) {
            for (float amax : new float[] {1f, 0.37f, 0f}) {
                float[] x = awkward(70_007, amax == 0f ? 1f : amax, 3); // above the parallel threshold
                inEveryMode(g + " amax " + amax,
                        () -> FakeQuant.apply(Tensor.fromFloats(x, 7, 10_001).requiresGrad(true), amax, g).toFloatArray(),
                        reference(x, new float[] {amax}, x.length, g));
            }
        }
    }

    /**
     * Spans of 1,024 values none of which clips (no mask written) beside spans with a clipped
     * value, on every grid, ties and zeros of both signs included; on the unsigned grid whole spans
     * of zeros, where the clamp turns -0 into +0 as the reference does.
     */
    @Test
    void spansWithoutClippedValuesAreBitExactOnEveryGrid() {
        QuantGrid[] grids = {QuantGrid.INT8, new QuantGrid(8, false, true), new QuantGrid(4, false, false), new QuantGrid(8, true, false)};
        for (QuantGrid g : grids) {
            float amax = 0.73f;
            float step = amax / g.maxBound();
            Random r = new Random(17);
            float[] x = new float[9 * FakeQuantKernel.SPAN + 77];
            for (int i = 0; i < x.length; i++) {
                boolean clipping = (i / FakeQuantKernel.SPAN) % 3 == 2;
                x[i] = switch (i % 7) {
                    case 0 -> (r.nextInt(2 * (int) g.maxBound()) - g.maxBound() + 0.5f) * step; // ties inside the range
                    case 1 -> -0f;
                    case 2 -> i % 14 == 2 ? amax : -amax;
                    case 3 -> -r.nextFloat() * step * 0.49f;                             // rounds to -0
                    case 4 -> clipping && i % 5 == 0 ? 3 * amax : (r.nextFloat() * 2 - 1) * amax;
                    default -> (r.nextFloat() * 2 - 1) * amax;
                };
                if (g.unsigned()) { // non-negative, and every third span zeros of both signs
                    x[i] = (i / FakeQuantKernel.SPAN) % 3 == 1 ? (i % 2 == 0 ? -0f : 0f) : x[i] == 0f ? x[i] : Math.abs(x[i]);
                }
            }
            inEveryMode(g + " clean and clipping spans",
                    () -> FakeQuant.apply(Tensor.fromFloats(x, x.length).requiresGrad(true), amax, g).toFloatArray(),
                    reference(x, new float[] {amax}, x.length, g));
        }
    }

    @Test
    void perChannelOnEveryAxisIsBitExact() {
        float[] amax = {0.5f, 1f, 2f, 0f, 3.3f};
        float[] x = awkward(2 * 5 * 3 * 7, 2f, 5);
        QuantGrid g = new QuantGrid(8, false, true);
        // axis 1 of [2, 5, 21]: inner = 21
        inEveryMode("axis 1",
                () -> FakeQuant.apply(Tensor.fromFloats(x, 2, 5, 21).requiresGrad(true), amax, 1, g).toFloatArray(),
                reference(x, amax, 21, g));
        // axis 0 of [5, 42] (weights)
        inEveryMode("axis 0",
                () -> FakeQuant.apply(Tensor.fromFloats(x, 5, 42).requiresGrad(true), amax, 0, g).toFloatArray(),
                reference(x, amax, 42, g));
    }

    /**
     * Many small per-channel blocks (9 values a channel): values and the gradient mask per
     * channel, with clipping channels next to each other and apart, above and below the parallel
     * threshold.
     */
    @Test
    void smallPerChannelBlocksMaskTheirOwnChannels() {
        for (boolean vector : loops()) {
            try (VectorLoops.Use use = VectorLoops.use(vector)) {
                smallPerChannelBlocks(vector ? "vector loops" : "scalar loops");
            }
        }
    }

    private static void smallPerChannelBlocks(String loops) {
        for (int channels : new int[] {40, 9_000}) {
            int inner = 9;
            float[] amax = new float[channels];
            float[] x = new float[channels * inner];
            Random r = new Random(channels);
            for (int k = 0; k < channels; k++) {
                amax[k] = 0.5f + k % 7;
                boolean clips = k % 5 == 1 || k % 5 == 2; // runs of two neighbouring clipping channels
                for (int i = 0; i < inner; i++) {
                    x[k * inner + i] = (r.nextFloat() * 2 - 1) * amax[k] * (clips && i % 3 == 0 ? 1.5f : 1f);
                }
            }
            float[] expectedGrad = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                expectedGrad[i] = Math.abs(x[i]) <= amax[i / inner] ? 1f : 0f;
            }
            try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                Tensor t = Tensor.fromFloats(x, channels, inner).requiresGrad(true);
                Tensor y = FakeQuant.apply(t, amax, 0, QuantGrid.INT8);
                assertBitExact(y.toFloatArray(), reference(x, amax, inner, QuantGrid.INT8), channels + " channels, " + loops);
                rec.backward(y.sum());
                assertThat(t.grad().toFloatArray()).as("%d channels, %s", channels, loops).containsExactly(expectedGrad);
            }
        }
    }

    @Test
    void theMaskIsInclusiveAndDropsNaNAndInfinities() {
        float[] x = {-2f, -1f, -0.999f, 0f, 1f, Math.nextUp(1f), Float.NaN, Float.POSITIVE_INFINITY};
        float[] expected = {0, 1, 1, 1, 1, 0, 0, 0};
        for (boolean vector : loops()) {
            try (VectorLoops.Use use = VectorLoops.use(vector); Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                Tensor t = Tensor.fromFloats(x, x.length).requiresGrad(true);
                rec.backward(FakeQuant.apply(t, 1f, QuantGrid.INT8).sum());
                assertThat(t.grad().toFloatArray()).as(vector ? "vector loops" : "scalar loops").containsExactly(expected);
            }
        }
    }
}
