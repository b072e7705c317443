package io.quant4j.quantization.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.Conv2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link QuantConv2d} against a convolution written out as loops (2 -> 2 channels, 3x3, padding 1)
 * on inputs and per-output-channel weights fake-quantized by the scalar formula
 * {@code clamp(rint(x * 127 / amax), -128, 127) * amax / 127}; amax values are 127 / 2^n so every
 * sum is exact. Gradients pass straight through where {@code |x| <= amax}.
 */
class QuantConv2dTest {
    private static final float IN_AMAX = 127f / 32;
    private static final float[] W_AMAX = {127f / 64, 127f / 128};
    private static final float[] BIAS = {0.5f, -0.25f};

    private static float fq(float x, float amax) {
        double q = Math.max(-128, Math.min(127, Math.rint(x * (127.0 / amax))));
        return (float) (q * amax / 127.0);
    }

    private static float[] wave(int n, double amp, double freq) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (amp * Math.sin(freq * i + 0.4));
        }
        return v;
    }

    private static final float[] X = wave(18, 5, 1.1);   // 1 x 2 x 3 x 3, some beyond IN_AMAX
    private static final float[] W = wave(36, 2, 0.8);   // 2 x 2 x 3 x 3, some beyond their channel's amax

    private interface Tap {
        void at(int xIndex, int wIndex, int out);
    }

    /** y[k][i][j] += x[c][i - 1 + a][j - 1 + b] * w[k][c][a][b] inside the 3x3 input. */
    private static void taps(Tap t) {
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int c = 0; c < 2; c++) {
                        for (int a = 0; a < 3; a++) {
                            for (int b = 0; b < 3; b++) {
                                int y = i - 1 + a;
                                int x = j - 1 + b;
                                if (y >= 0 && y < 3 && x >= 0 && x < 3) {
                                    t.at((c * 3 + y) * 3 + x, ((k * 2 + c) * 3 + a) * 3 + b, (k * 3 + i) * 3 + j);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static QuantConv2d quantized(Conv2d f) {
        f.weight().assign(Tensor.fromFloats(W, 2, 2, 3, 3));
        f.bias().assign(Tensor.fromFloats(BIAS, 2));
        QuantConv2d q = QuantConv2d.fromFloat(f, QuantDescriptor.INT8_PER_TENSOR.withAmax(IN_AMAX),
                QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
        q.weightQuantizer().setAmax(W_AMAX);
        return q;
    }

    @Test
    void fromFloatCopiesParametersAndMode() {
        try (Conv2d f = new Conv2d(2, 2, 3, 1, 1, true); Scope s = Scope.open()) {
            f.bias().freeze(true);
            f.eval();
            try (QuantConv2d q = quantized(f)) {
                assertThat(q.weight().value().toFloatArray()).containsExactly(W);
                assertThat(q.bias().value().toFloatArray()).containsExactly(BIAS);
                assertThat(q.weight()).isNotSameAs(f.weight());
                assertThat(q.bias().frozen()).isTrue();
                assertThat(q.weight().frozen()).isFalse();
                assertThat(q.isTraining()).isFalse();
                assertThat(q.spec()).isEqualTo(ConvSpec.of(1, 1));
                assertThat(q.weightQuantizer().descriptor().axis()).isEqualTo(io.quant4j.quantization.QuantAxis.of(0));
                q.bias().assign(Tensor.zeros(2));
                assertThat(f.bias().value().toFloatArray()).containsExactly(BIAS);
            }
        }
    }

    @Test
    void forwardAndGradientsAreThoseOfTheConvolutionOfFakeQuantizedValues() {
        float[] want = new float[18];
        for (int o = 0; o < 18; o++) {
            want[o] = BIAS[o / 9];
        }
        float[] r = wave(18, 1, 0.5);
        float[] gx = new float[18];
        float[] gw = new float[36];
        taps((xi, wi, o) -> {
            float wq = fq(W[wi], W_AMAX[wi / 18]);
            float xq = fq(X[xi], IN_AMAX);
            want[o] += xq * wq;
            gx[xi] += wq * r[o];
            gw[wi] += xq * r[o];
        });
        for (int i = 0; i < 18; i++) {
            gx[i] = Math.abs(X[i]) <= IN_AMAX ? gx[i] : 0f;
        }
        for (int i = 0; i < 36; i++) {
            gw[i] = Math.abs(W[i]) <= W_AMAX[i / 18] ? gw[i] : 0f;
        }
        assertThat(gx).as("some inputs are clamped").contains(0f);
        assertThat(gw).as("some weights are clamped").contains(0f);
        try (Conv2d f = new Conv2d(2, 2, 3, 1, 1, true); QuantConv2d q = quantized(f); Scope s = Scope.open();
             Autograd.Recording rec = Autograd.record()) {
            Tensor x = Tensor.fromFloats(X, 1, 2, 3, 3).requiresGrad(true);
            Tensor y = q.forward(x);
            assertThat(y.toFloatArray()).containsExactly(want);
            rec.backward(y.mul(Tensor.fromFloats(r, 1, 2, 3, 3)).sum());
            float[] gotX = x.grad().toFloatArray();
            float[] gotW = q.weight().value().grad().toFloatArray();
            for (int i = 0; i < 18; i++) {
                assertThat(gotX[i]).as("dL/dx[%d]", i).isCloseTo(gx[i], Offset.offset(1e-5f));
            }
            for (int i = 0; i < 36; i++) {
                assertThat(gotW[i]).as("dL/dW[%d]", i).isCloseTo(gw[i], Offset.offset(1e-5f));
            }
        }
    }
}
