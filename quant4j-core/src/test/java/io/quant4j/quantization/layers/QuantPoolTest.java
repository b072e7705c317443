package io.quant4j.quantization.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.AvgPool2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link QuantAvgPool2d} and {@link QuantAdaptiveAvgPool2d}: the float pool of the input
 * fake-quantized by the scalar formula {@code clamp(rint(x * 127 / amax), -128, 127) * amax / 127}
 * (amax 127/16: steps of 1/16), written out as window means; gradients pass straight through where
 * {@code |x| <= amax} and are zero elsewhere; {@code fromFloat} keeps the pool's configuration.
 */
class QuantPoolTest {
    private static final float AMAX = 127f / 16;
    private static final QuantDescriptor IN = QuantDescriptor.INT8_PER_TENSOR.withAmax(AMAX);

    private static float fq(float x) {
        double q = Math.max(-128, Math.min(127, Math.rint(x * (127.0 / AMAX))));
        return (float) (q * AMAX / 127.0);
    }

    /** One 4x4 channel, values from -10.5 to 9.3: the extremes lie beyond amax. */
    private static float[] input() {
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = (float) (10 * Math.sin(0.9 * i + 1) + (i == 5 ? -0.5 : 0));
        }
        return x;
    }

    @Test
    void avgPoolFromFloatKeepsItsConfiguration() {
        AvgPool2d f = new AvgPool2d(Int2.of(3), Int2.of(2), Int2.of(1), true, false);
        f.eval();
        try (QuantAvgPool2d q = QuantAvgPool2d.fromFloat(f, IN, null); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            assertThat(q.kernel()).isEqualTo(Int2.of(3));
            assertThat(q.stride()).isEqualTo(Int2.of(2));
            assertThat(q.padding()).isEqualTo(Int2.of(1));
            assertThat(q.ceilMode()).isTrue();
            assertThat(q.countIncludePad()).isFalse();
            assertThat(q.isTraining()).isFalse();
            assertThat(q.inputQuantizer().amax()).containsExactly(AMAX);
            // the float op on the independently fake-quantized input
            float[] x = input();
            float[] xq = new float[16];
            for (int i = 0; i < 16; i++) {
                xq[i] = fq(x[i]);
            }
            assertThat(q.forward(Tensor.fromFloats(x, 1, 1, 4, 4)).toFloatArray())
                    .containsExactly(f.forward(Tensor.fromFloats(xq, 1, 1, 4, 4)).toFloatArray());
        }
    }

    @Test
    void avgPoolIsTheWindowMeanOfTheQuantizedInputWithStraightThroughGradients() {
        float[] x = input();
        float[] want = new float[4];
        float[] r = {1f, -2f, 0.5f, 3f};
        float[] grad = new float[16];
        for (int i = 0; i < 16; i++) {
            int window = (i / 4 / 2) * 2 + (i % 4) / 2;   // 2x2 windows, stride 2
            want[window] += fq(x[i]) / 4;
            grad[i] = Math.abs(x[i]) <= AMAX ? r[window] / 4 : 0f;
        }
        try (QuantAvgPool2d q = QuantAvgPool2d.fromFloat(new AvgPool2d(2, 2, 0), IN, null); Scope s = Scope.open();
             Autograd.Recording rec = Autograd.record()) {
            Tensor xt = Tensor.fromFloats(x, 1, 1, 4, 4).requiresGrad(true);
            Tensor y = q.forward(xt);
            float[] got = y.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertThat(got[i]).as("window %d", i).isCloseTo(want[i], Offset.offset(1e-6f));
            }
            rec.backward(y.mul(Tensor.fromFloats(r, 1, 1, 2, 2)).sum());
            assertThat(xt.grad().toFloatArray()).containsExactly(grad);
            assertThat(grad).as("some inputs are clamped").contains(0f);
        }
    }

    @Test
    void adaptiveAvgPoolIsTheMeanOfTheQuantizedInputWithStraightThroughGradients() {
        float[] x = input();
        float want = 0;
        float[] grad = new float[16];
        for (int i = 0; i < 16; i++) {
            want += fq(x[i]) / 16;
            grad[i] = Math.abs(x[i]) <= AMAX ? 2f / 16 : 0f;
        }
        AdaptiveAvgPool2d f = new AdaptiveAvgPool2d(1);
        try (QuantAdaptiveAvgPool2d q = QuantAdaptiveAvgPool2d.fromFloat(f, IN, null); Scope s = Scope.open();
             Autograd.Recording rec = Autograd.record()) {
            assertThat(q.outputSize()).isEqualTo(Int2.of(1));
            assertThat(q.isTraining()).isTrue();
            Tensor xt = Tensor.fromFloats(x, 1, 1, 4, 4).requiresGrad(true);
            Tensor y = q.forward(xt);
            assertThat(y.shape()).containsExactly(1, 1, 1, 1);
            assertThat(y.item()).isCloseTo(want, Offset.offset(1e-6f));
            rec.backward(y.mul(2f).sum());
            assertThat(xt.grad().toFloatArray()).containsExactly(grad);
        }
    }
}
