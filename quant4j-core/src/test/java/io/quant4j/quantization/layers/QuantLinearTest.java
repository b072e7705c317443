package io.quant4j.quantization.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.Linear;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link QuantLinear}: {@code y = fq(x) fq(W)^T + b} with the scalar formula
 * {@code fq(v) = clamp(rint(v * 127 / amax), -128, 127) * amax / 127} (input per tensor, weight per
 * row), worked out by hand; gradients pass straight through where {@code |v| <= amax}.
 */
class QuantLinearTest {
    // input amax 127/4 (steps of 1/4); weight rows amax 127 (steps of 1) and 127/2 (steps of 1/2)
    private static final float[] X = {1.1f, -40f, 2.6f, 0.3f, 5f, -1.4f};          // 2 x 3
    private static final float[] W = {2.4f, -0.6f, 200f, 0.7f, 1.3f, -0.2f};       // 2 x 3
    private static final float[] B = {0.5f, -1f};

    private static QuantLinear quantized(Linear f) {
        f.weight().assign(Tensor.fromFloats(W, 2, 3));
        f.bias().assign(Tensor.fromFloats(B, 2));
        QuantLinear q = QuantLinear.fromFloat(f, QuantDescriptor.INT8_PER_TENSOR.withAmax(127f / 4),
                QuantDescriptor.INT8_LINEAR_WEIGHT_PER_ROW);
        q.weightQuantizer().setAmax(127f, 127f / 2);
        return q;
    }

    @Test
    void fromFloatCopiesParametersAndMode() {
        try (Linear f = new Linear(3, 2); Scope s = Scope.open()) {
            f.weight().freeze(true);
            f.eval();
            try (QuantLinear q = quantized(f)) {
                assertThat(q.weight().value().toFloatArray()).containsExactly(W);
                assertThat(q.bias().value().toFloatArray()).containsExactly(B);
                assertThat(q.weight()).isNotSameAs(f.weight());
                assertThat(q.weight().frozen()).isTrue();
                assertThat(q.isTraining()).isFalse();
                assertThat(q.inFeatures()).isEqualTo(3);
                assertThat(q.outFeatures()).isEqualTo(2);
            }
        }
    }

    /**
     * By hand. fq(x) = [[1, -32, 2.5], [0.25, 5, -1.5]] (-40 saturates at -128/4; 2.6 -> 10.4 -> 10
     * quarters). fq(W) = [[2, -1, 127], [0.5, 1.5, 0]] (200 saturates; 1.3 -> 2.6 -> 3 halves; -0.2
     * -> -0.4 -> -0 halves). y = fq(x) fq(W)^T + b = [[2 + 32 + 317.5 + 0.5, 0.5 - 48 + 0 - 1],
     * [0.5 - 5 - 190.5 + 0.5, 0.125 + 7.5 - 0 - 1]].
     */
    @Test
    void forwardAndGradientsByHand() {
        try (Linear f = new Linear(3, 2); QuantLinear q = quantized(f); Scope s = Scope.open();
             Autograd.Recording rec = Autograd.record()) {
            Tensor x = Tensor.fromFloats(X, 2, 3).requiresGrad(true);
            Tensor y = q.forward(x);
            assertThat(y.toFloatArray()).containsExactly(352f, -48.5f, -194.5f, 6.625f);
            // L = sum(y * r), r = [[1, 2], [3, -1]]
            rec.backward(y.mul(Tensor.fromFloats(new float[] {1, 2, 3, -1}, 2, 2)).sum());
            // dL/dfq(x)[n] = r[n] fq(W): [[3, 2, 127], [5.5, -4.5, 381]]; x[0][1] = -40 is beyond amax
            assertThat(x.grad().toFloatArray()).containsExactly(3f, 0f, 127f, 5.5f, -4.5f, 381f);
            // dL/dfq(W)[k] = sum_n r[n][k] fq(x)[n]: [[1.75, -17, -2], [1.75, -69, 6.5]]; W[0][2] = 200 is beyond amax
            float[] gw = q.weight().value().grad().toFloatArray();
            float[] want = {1.75f, -17f, 0f, 1.75f, -69f, 6.5f};
            for (int i = 0; i < 6; i++) {
                assertThat(gw[i]).as("dL/dW[%d]", i).isCloseTo(want[i], Offset.offset(1e-6f));
            }
            assertThat(q.bias().value().grad().toFloatArray()).containsExactly(4f, 1f);
        }
    }
}
