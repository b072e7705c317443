package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of fake quantization, on the tensor implementation (PyTorch kernels). */
class FakeQuantPropertiesTest {

    private static float[] fq(float[] x, float amax, QuantGrid g) {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            return FakeQuant.apply(Tensor.fromFloats(x, x.length), amax, g).toFloatArray();
        }
    }

    @Provide
    Arbitrary<QuantGrid> grids() {
        return Combinators.combine(Arbitraries.integers().between(2, 16), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(QuantGrid::new);
    }

    @Provide
    Arbitrary<float[]> inputs() {
        return Arbitraries.floats().between(-50f, 50f).array(float[].class).ofMinSize(1).ofMaxSize(40);
    }

    private static float[] forGrid(float[] x, QuantGrid g) {
        if (!g.unsigned()) {
            return x;
        }
        float[] a = x.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }

    @Property(tries = 150)
    void outputsLieOnTheGridWithinTheBound(@ForAll("inputs") float[] x0, @ForAll @FloatRange(min = 0.01f, max = 20f) float amax,
                                           @ForAll("grids") QuantGrid g) {
        float[] x = forGrid(x0, g);
        float[] y = fq(x, amax, g);
        float d = g.divisor(amax);
        double bound = (double) amax * (g.maxBound() + 1) / g.maxBound();
        for (float v : y) {
            double q = Math.rint(v * d);
            assertThat(q).isBetween((double) g.minBound(), (double) g.maxBound());
            assertThat(Float.floatToIntBits((float) q / d) == Float.floatToIntBits(v) || v == 0f).as("%s on the grid", v).isTrue();
            assertThat(Math.abs((double) v)).isLessThanOrEqualTo(bound * (1 + 1e-6));
        }
    }

    @Property(tries = 150)
    void idempotent(@ForAll("inputs") float[] x0, @ForAll @FloatRange(min = 0f, max = 20f) float amax, @ForAll("grids") QuantGrid g) {
        float[] y = fq(forGrid(x0, g), amax, g);
        assertThat(fq(y, amax, g)).containsExactly(y);
    }

    @Property(tries = 150)
    void monotone(@ForAll("inputs") float[] x0, @ForAll @FloatRange(min = 0f, max = 20f) float amax, @ForAll("grids") QuantGrid g) {
        float[] x = forGrid(x0, g).clone();
        Arrays.sort(x);
        float[] y = fq(x, amax, g);
        for (int i = 1; i < y.length; i++) {
            assertThat(y[i]).isGreaterThanOrEqualTo(y[i - 1]);
        }
    }

    @Property(tries = 60)
    void zeroAmaxGivesZero(@ForAll("inputs") float[] x0, @ForAll("grids") QuantGrid g) {
        for (float v : fq(forGrid(x0, g), 0f, g)) {
            assertThat(v).isZero();
        }
    }

    @Property(tries = 150)
    void tensorEqualsScalarReference(@ForAll("inputs") float[] x0, @ForAll @FloatRange(min = 0f, max = 20f) float amax,
                                     @ForAll("grids") QuantGrid g) {
        float[] x = forGrid(x0, g);
        float[] y = fq(x, amax, g);
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToIntBits(y[i])).isEqualTo(Float.floatToIntBits(g.fakeQuant(x[i], amax)));
        }
    }

    @Property(tries = 80)
    void perChannelEqualsPerTensorChannelByChannel(@ForAll @Size(min = 6, max = 6) float[] amax0,
                                                   @ForAll @IntRange(min = 1, max = 6) int channels,
                                                   @ForAll @IntRange(min = 1, max = 7) int width,
                                                   @ForAll("grids") QuantGrid g, @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] amax = new float[channels];
        for (int k = 0; k < channels; k++) {
            amax[k] = Math.abs(amax0[k]) % 10f;
        }
        float[] x = new float[channels * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
        }
        x = forGrid(x, g);
        float[] y;
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            y = FakeQuant.apply(Tensor.fromFloats(x, width, channels).transpose(0, 1), amax, 0, g).toFloatArray();
        }
        for (int k = 0; k < channels; k++) {
            float[] row = new float[width];
            for (int j = 0; j < width; j++) {
                row[j] = x[j * channels + k];
            }
            assertThat(Arrays.copyOfRange(y, k * width, (k + 1) * width)).containsExactly(fq(row, amax[k], g));
        }
    }
}
