package io.quant4j.quantization.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.ConvTranspose2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link QuantConvTranspose2d} against a transposed convolution written out as loops on inputs and
 * weights fake-quantized by the scalar formula {@code clamp(rint(x * 127 / amax), -128, 127) * amax / 127}:
 * 2 -> 3 channels, 3x3 kernel, stride 2, padding 1, output padding 1 (3x3 -> 6x6), weights per
 * input channel (axis 0 of {@code C x K x R x S}, pytorch-quantization's). Amax values are 127 / 2^n, so every quantized value and every sum is exact.
 */
class QuantConvTranspose2dTest {
    private static final int C = 2;
    private static final int K = 3;
    private static final int H = 3;
    private static final int OUT = 6;
    private static final float IN_AMAX = 127f / 32;
    private static final float[] W_AMAX = {127f / 64, 127f / 16};
    private static final float[] BIAS = {0.25f, -0.5f, 0.125f};

    private static float fq(float x, float amax) {
        double q = Math.max(-128, Math.min(127, Math.rint(x * (127.0 / amax))));
        return (float) (q * amax / 127.0);
    }

    private static float[] input() {
        float[] x = new float[C * H * H];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (5 * Math.sin(1.3 * i + 0.2));   // some beyond IN_AMAX: clamped, no gradient
        }
        return x;
    }

    private static float[] weight() {
        float[] w = new float[C * K * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (3 * Math.sin(0.7 * i));
        }
        return w;
    }

    private static ConvTranspose2d floatLayer() {
        ConvTranspose2d f = new ConvTranspose2d(C, K, Int2.of(3), ConvSpec.of(2, 1), Int2.of(1), true);
        f.weight().assign(Tensor.fromFloats(weight(), C, K, 3, 3));
        f.bias().assign(Tensor.fromFloats(BIAS, K));
        return f;
    }

    private static QuantConvTranspose2d quantized(ConvTranspose2d f) {
        QuantConvTranspose2d q = QuantConvTranspose2d.fromFloat(f, QuantDescriptor.INT8_PER_TENSOR.withAmax(IN_AMAX),
                QuantDescriptor.INT8_CONV_TRANSPOSE_WEIGHT_PER_CHANNEL);
        q.weightQuantizer().setAmax(W_AMAX);
        return q;
    }

    /** Visits every (input position, weight tap) pair that lands inside the output. */
    private interface Tap {
        void at(int c, int i, int j, int k, int a, int b, int out);
    }

    private static void taps(Tap t) {
        for (int c = 0; c < C; c++) {
            for (int i = 0; i < H; i++) {
                for (int j = 0; j < H; j++) {
                    for (int k = 0; k < K; k++) {
                        for (int a = 0; a < 3; a++) {
                            for (int b = 0; b < 3; b++) {
                                int oy = i * 2 - 1 + a;
                                int ox = j * 2 - 1 + b;
                                if (oy >= 0 && oy < OUT && ox >= 0 && ox < OUT) {
                                    t.at(c, i, j, k, a, b, (k * OUT + oy) * OUT + ox);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int xi(int c, int i, int j) {
        return (c * H + i) * H + j;
    }

    private static int wi(int c, int k, int a, int b) {
        return ((c * K + k) * 3 + a) * 3 + b;
    }

    @Test
    void fromFloatCopiesParametersModeAndKeepsPytorchQuantizationsAxisZero() {
        try (ConvTranspose2d f = floatLayer(); Scope s = Scope.open()) {
            f.weight().freeze(true);
            f.eval();
            try (QuantConvTranspose2d q = quantized(f)) {
                assertThat(q.weight().value().toFloatArray()).containsExactly(weight());
                assertThat(q.bias().value().toFloatArray()).containsExactly(BIAS);
                assertThat(q.weight()).isNotSameAs(f.weight());
                assertThat(q.weight().frozen()).isTrue();
                assertThat(q.bias().frozen()).isFalse();
                assertThat(q.isTraining()).isFalse();
                assertThat(q.kernel()).isEqualTo(Int2.of(3));
                assertThat(q.spec()).isEqualTo(ConvSpec.of(2, 1));
                assertThat(q.outputPadding()).isEqualTo(Int2.of(1));
                assertThat(q.weightQuantizer().descriptor().axis()).as("pytorch-quantization's axis for transposed conv weights")
                        .isEqualTo(io.quant4j.quantization.QuantAxis.of(0));
                q.weight().assign(Tensor.zeros(C, K, 3, 3));
                assertThat(f.weight().value().toFloatArray()).as("the float layer keeps its own weights").containsExactly(weight());
            }
        }
    }

    @Test
    void forwardIsTheTransposedConvolutionOfFakeQuantizedInputAndWeights() {
        float[] x = input();
        float[] w = weight();
        float[] expected = new float[K * OUT * OUT];
        for (int k = 0; k < K; k++) {
            for (int o = 0; o < OUT * OUT; o++) {
                expected[k * OUT * OUT + o] = BIAS[k];
            }
        }
        taps((c, i, j, k, a, b, out) -> expected[out] += fq(x[xi(c, i, j)], IN_AMAX) * fq(w[wi(c, k, a, b)], W_AMAX[c]));
        try (ConvTranspose2d f = floatLayer(); QuantConvTranspose2d q = quantized(f); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            Tensor y = q.forward(Tensor.fromFloats(x, 1, C, H, H));
            assertThat(y.shape()).containsExactly(1, K, OUT, OUT);
            assertThat(y.toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void gradientsPassStraightThroughWhereTheValueIsWithinAmax() {
        float[] x = input();
        float[] w = weight();
        float[] r = new float[K * OUT * OUT];
        for (int o = 0; o < r.length; o++) {
            r[o] = (float) Math.cos(0.3 * o);
        }
        float[] gx = new float[x.length];
        float[] gw = new float[w.length];
        taps((c, i, j, k, a, b, out) -> {
            gx[xi(c, i, j)] += fq(w[wi(c, k, a, b)], W_AMAX[c]) * r[out];
            gw[wi(c, k, a, b)] += fq(x[xi(c, i, j)], IN_AMAX) * r[out];
        });
        int clampedX = 0;
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) > IN_AMAX) {
                gx[i] = 0;
                clampedX++;
            }
        }
        int clampedW = 0;
        for (int i = 0; i < w.length; i++) {
            if (Math.abs(w[i]) > W_AMAX[i / (K * 9)]) {
                gw[i] = 0;
                clampedW++;
            }
        }
        assertThat(clampedX).as("the input has values beyond amax").isPositive();
        assertThat(clampedW).as("the weight has values beyond amax").isPositive();
        float[] gb = new float[K];
        for (int o = 0; o < r.length; o++) {
            gb[o / (OUT * OUT)] += r[o];
        }
        try (ConvTranspose2d f = floatLayer(); QuantConvTranspose2d q = quantized(f); Scope s = Scope.open();
             Autograd.Recording rec = Autograd.record()) {
            Tensor xt = Tensor.fromFloats(x, 1, C, H, H).requiresGrad(true);
            rec.backward(q.forward(xt).mul(Tensor.fromFloats(r, 1, K, OUT, OUT)).sum());
            assertClose(xt.grad().toFloatArray(), gx, "dL/dx");
            assertClose(q.weight().value().grad().toFloatArray(), gw, "dL/dW");
            assertClose(q.bias().value().grad().toFloatArray(), gb, "dL/db");
        }
    }

    private static void assertClose(float[] got, float[] want, String what) {
        assertThat(got).as(what).hasSameSizeAs(want);
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).as("%s[%d]", what, i).isCloseTo(want[i], Offset.offset(1e-4f));
        }
    }
}
