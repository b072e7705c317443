package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.Tracer;
import org.junit.jupiter.api.Test;

/** Two quantizers with equal amax reading one tensor share one fake quantization. */
class FakeQuantMemoTest {
    private static TensorQuantizer quantizer(float amax) {
        return new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(amax));
    }

    @Test
    void sameTensorAndAmaxShareTheResultAndGradientsAdd() {
        try (TensorQuantizer a = quantizer(1f); TensorQuantizer b = quantizer(1f); TensorQuantizer c = quantizer(0.5f);
             Scope s = Scope.open()) {
            Tensor x = Tensor.fromFloats(new float[] {-2f, -0.7f, 0.3f, 0.6f, 1f}, 5).requiresGrad(true);
            try (Autograd.Recording rec = Autograd.record()) {
                Tensor ya = a.forward(x);
                Tensor yb = b.forward(x);
                Tensor yc = c.forward(x);
                assertThat(yb).isSameAs(ya);
                assertThat(yc).isNotSameAs(ya);
                rec.backward(ya.mul(2f).add(yb.mul(3f)).sum());
            }
            // straight-through mask |x| <= 1, gradients of both consumers added
            assertThat(x.grad().toFloatArray()).containsExactly(0f, 5f, 5f, 5f, 5f);
        }
    }

    @Test
    void tracingRecordsEveryQuantizer() {
        try (TensorQuantizer a = quantizer(1f); TensorQuantizer b = quantizer(1f); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            Trace t;
            try (Tracer tracer = Tracer.start()) {
                Tensor x = tracer.input("x", Tensor.randn(4));
                t = tracer.finish(a.forward(x).add(b.forward(x)));
            }
            assertThat(t.opTypes()).containsExactly("QuantizeDequantize", "QuantizeDequantize", "Add");
        }
    }
}
