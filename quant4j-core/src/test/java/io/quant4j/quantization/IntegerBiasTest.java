package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.Tracer;
import org.junit.jupiter.api.Test;

/** {@link IntegerBias}: int32 bias scales, rounding, saturation, the straight-through op and its trace. */
class IntegerBiasTest {
    private static final QuantGrid U8 = new QuantGrid(8, true, false);

    @Test
    void scaleIsInputTimesWeightOnnxScalesWithZeroAsOne() {
        float[] s = IntegerBias.scales(2.55f, U8, new float[] {1.27f, 0f, 0.127f}, QuantGrid.INT8, 3);
        float sIn = 2.55f / 255;
        assertThat(s).containsExactly(sIn * (1.27f / 127), sIn * 1f, sIn * (0.127f / 127));
        // one weight amax (per-tensor weights) broadcasts
        assertThat(IntegerBias.scales(1f, QuantGrid.INT8, new float[] {1f}, QuantGrid.INT8, 2))
                .containsExactly((1f / 127) * (1f / 127), (1f / 127) * (1f / 127));
        assertThatThrownBy(() -> IntegerBias.scales(1f, U8, new float[] {1f, 1f}, QuantGrid.INT8, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundsHalfToEvenAndSaturatesToInt32() {
        float[] scale = {0.5f, 0.5f, 0.5f, 1e-10f, 1e-10f, 2e-5f};
        int[] q = IntegerBias.quantize(new float[] {0.25f, 0.75f, -0.25f, 1f, -1f, 0.123457f}, scale);
        assertThat(q).containsExactly(0, 2, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 6173);
        assertThat(IntegerBias.dequantize(new int[] {6173, -3}, new float[] {2e-5f, 0.5f}))
                .containsExactly(6173 * 2e-5f, -1.5f);
    }

    @Test
    void applyGivesTheDequantizedIntegersAndPassesGradientsStraightThrough() {
        float[] b = {0.1234f, -0.5f, 2.0001f};
        float[] s = {0.01f, 0.003f, 0.5f};
        // by hand: 0.1234 / 0.01 = 12.34 -> 12; -0.5 / 0.003 = -166.67 -> -167; 2.0001 / 0.5 = 4.0002 -> 4
        float[] expected = {12 * 0.01f, -167 * 0.003f, 4 * 0.5f};
        try (Scope sc = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            assertThat(IntegerBias.apply(Tensor.fromFloats(b, 3), s).toFloatArray()).containsExactly(expected);
        }
        try (Scope sc = Scope.open(); Autograd.Recording rec = Autograd.record()) {
            Tensor bt = Tensor.fromFloats(b, 3).requiresGrad(true);
            Tensor y = IntegerBias.apply(bt, s);
            assertThat(y.toFloatArray()).containsExactly(expected);
            rec.backward(y.mul(Tensor.fromFloats(new float[] {1f, 2f, 3f}, 3)).sum());
            assertThat(bt.grad().toFloatArray()).containsExactly(1f, 2f, 3f);
        }
    }

    @Test
    void tracesOneOpWithTheScale() {
        float[] s = {0.01f, 0.02f};
        try (Scope sc = Scope.open(); Autograd.Recording off = Autograd.noGrad(); Tracer t = Tracer.start()) {
            Tensor b = Tensor.fromFloats(new float[] {0.5f, 0.25f}, 2);
            t.input("b", b);
            Trace trace = t.finish(IntegerBias.apply(b, s));
            assertThat(trace.opTypes()).containsExactly(io.quant4j.tensor.OpType.QUANTIZED_BIAS.onnxName());
            assertThat((float[]) trace.ops().get(0).attributes().get("scale")).containsExactly(s);
        }
    }
}
