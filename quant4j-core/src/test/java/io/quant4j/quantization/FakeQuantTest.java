package io.quant4j.quantization;

import static io.quant4j.quantization.QuantizationReferenceTest.assertBitExact;
import static io.quant4j.quantization.QuantizationReferenceTest.assertBitExactButZeroSign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.BaseNDManager;
import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FakeQuantTest {
    private static final float[] X = {-1.01f, -1f, -0.5f, -0.003937f, 0.0019685f, 0.0059055f, 0.25f, 0.999f, 1f, 2f};

    private static float[] scalar(float[] x, float amax, QuantGrid g) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = g.fakeQuant(x[i], amax);
        }
        return y;
    }

    @Test
    void tensorEqualsScalarReferenceBitForBit() {
        for (QuantGrid g : new QuantGrid[] {QuantGrid.INT8, new QuantGrid(8, false, true), new QuantGrid(4, false, false),
                new QuantGrid(6, false, true)}) {
            for (float amax : new float[] {1f, 0.7f, 3.3f, 0f}) {
                try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
                    assertBitExact(FakeQuant.apply(Tensor.fromFloats(X, X.length), amax, g).toFloatArray(),
                            scalar(X, amax, g), g + " amax " + amax);
                }
            }
        }
        assertThat(scalar(X, 1f, QuantGrid.INT8)[0]).isEqualTo(-128f / 127f);
    }

    @Test
    void withAutogradTheValueIsTheSameUpToTheSignOfZero() {
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor x = Tensor.fromFloats(X, X.length).requiresGrad(true);
            float[] y = FakeQuant.apply(x, 1f, QuantGrid.INT8).toFloatArray();
            assertBitExactButZeroSign(y, scalar(X, 1f, QuantGrid.INT8), "STE value");
        }
    }

    @Test
    void steGradientIsOneInsideInclusiveAndZeroOutside() {
        float[] x = {-2f, -1f, -0.99f, 0f, 0.3f, 1f, 1.0000001f, 5f};
        float[] expected = {0, 1, 1, 1, 1, 1, 0, 0};
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor xt = Tensor.fromFloats(x, x.length).requiresGrad(true);
            rec.backward(FakeQuant.apply(xt, 1f, QuantGrid.INT8).sum());
            assertBitExact(xt.grad().toFloatArray(), expected, "grad");
        }
    }

    @Test
    void steGradientOfATensorOutsideTheScopeKeepsFullGradientAtTies() {
        // a parameter-like leaf in the root manager: the clamp must not split the gradient at |x| = amax
        Tensor w = Tensor.fromFloats(new float[] {-0.5f, 0.25f, 0.5f, 0.75f}, 4).requiresGrad(true);
        try {
            int before = ((BaseNDManager) Engines.root()).getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                    rec.backward(FakeQuant.apply(w, 0.5f, QuantGrid.INT8).sum());
                }
            }
            try (Scope s = Scope.open()) {
                assertBitExact(w.grad().toFloatArray(), new float[] {3, 3, 3, 0}, "accumulated grad");
            }
            assertThat(((BaseNDManager) Engines.root()).getManagedArrays().size())
                    .as("arrays left in the root manager").isEqualTo(before);
        } finally {
            w.ndArray().close();
        }
    }

    @Test
    void steMatchesCentralDifferencesOfTheClampSurrogate() {
        Random r = new Random(7);
        int n = 200;
        float amax = 1.3f;
        float[] x = new float[n];
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            do {
                x[i] = (float) (r.nextGaussian() * 1.5);
            } while (Math.abs(Math.abs(x[i]) - amax) < 1e-3);
            w[i] = (float) r.nextGaussian();
        }
        double h = 1e-4;
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor xt = Tensor.fromFloats(x, n).requiresGrad(true);
            rec.backward(FakeQuant.apply(xt, amax, QuantGrid.INT8), Tensor.fromFloats(w, n));
            float[] g = xt.grad().toFloatArray();
            for (int i = 0; i < n; i++) {
                double up = w[i] * Math.max(-amax, Math.min(amax, x[i] + h));
                double down = w[i] * Math.max(-amax, Math.min(amax, x[i] - h));
                assertThat((double) g[i]).as("x=%s", x[i]).isCloseTo((up - down) / (2 * h), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void perChannelEqualsPerTensorChannelByChannel() {
        Random r = new Random(3);
        float[] x = new float[3 * 2 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] amax = {0.4f, 1.1f, 0f};
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            float[] y = FakeQuant.apply(Tensor.fromFloats(x, 3, 2, 5), amax, 0, QuantGrid.INT8).toFloatArray();
            for (int k = 0; k < 3; k++) {
                float[] row = java.util.Arrays.copyOfRange(x, k * 10, k * 10 + 10);
                assertBitExact(java.util.Arrays.copyOfRange(y, k * 10, k * 10 + 10),
                        FakeQuant.apply(Tensor.fromFloats(row, 10), amax[k], QuantGrid.INT8).toFloatArray(), "channel " + k);
            }
            float[] yt = FakeQuant.apply(Tensor.fromFloats(x, 5, 3, 2).transpose(0, 1), amax, 0, QuantGrid.INT8).toFloatArray();
            assertThat(yt).hasSize(30);
        }
    }

    @Test
    void perChannelGradientMasksEachChannelWithItsOwnAmax() {
        float[] x = {0.5f, 0.6f, -0.5f, 0.5f, 0.6f, -0.7f};
        try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor xt = Tensor.fromFloats(x, 2, 3).requiresGrad(true);
            rec.backward(FakeQuant.apply(xt, new float[] {0.5f, 0.6f}, 0, QuantGrid.INT8).sum());
            assertBitExact(xt.grad().toFloatArray(), new float[] {1, 0, 1, 1, 1, 0}, "grad");
        }
    }

    @Test
    void errors() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.fromFloats(new float[] {-0.5f, 1f}, 2);
            assertThatThrownBy(() -> FakeQuant.apply(x, -1f, QuantGrid.INT8)).isInstanceOf(NegativeAmaxException.class)
                    .hasMessageContaining("-1.0");
            assertThatThrownBy(() -> FakeQuant.apply(x, 1f, new QuantGrid(8, true, false)))
                    .isInstanceOf(NegativeUnsignedInputException.class).hasMessageContaining("-0.5");
            assertThatThrownBy(() -> FakeQuant.apply(x, new float[] {1f, 2f, 3f}, 0, QuantGrid.INT8))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("3 channels");
        }
    }

    @Test
    void zeroAmaxGivesZeros() {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            for (float v : FakeQuant.apply(Tensor.fromFloats(X, X.length), 0f, QuantGrid.INT8).toFloatArray()) {
                assertThat(v).isZero();
            }
        }
    }
}
