package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.Sequential;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.TracedOp;
import io.quant4j.tensor.Tracer;
import org.junit.jupiter.api.Test;

/** The contract the ONNX exporter relies on: one QuantizeDequantize op with exact attributes. */
class TensorQuantizerTraceTest {

    private static Trace trace(Sequential m, Tensor x) {
        try (Tracer tracer = Tracer.start(); Autograd.Recording off = Autograd.noGrad()) {
            Tensor in = tracer.input("input", x);
            return tracer.finish(m.forward(in));
        }
    }

    @Test
    void perTensorQuantizerIsOneQuantizeDequantizeOp() {
        try (Sequential m = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(2.5f)));
             Scope s = Scope.open()) {
            Trace t = trace(m, Tensor.randn(2, 3));
            assertThat(t.opTypes()).containsExactly("QuantizeDequantize");
            TracedOp op = t.ops().get(0);
            assertThat(op.inputs()).containsExactly("input");
            assertThat(t.outputs()).containsExactly(op.output());
            assertThat(op.modulePath()).isEqualTo("0");
            assertThat(op.moduleType()).isEqualTo("TensorQuantizer");
            assertThat(op.attributes()).containsOnlyKeys("amax", "num_bits", "unsigned", "narrow_range", "axis");
            assertThat((float[]) op.attributes().get("amax")).containsExactly(2.5f);
            assertThat(op.attributes().get("num_bits")).isEqualTo(8L);
            assertThat(op.attributes().get("unsigned")).isEqualTo(false);
            assertThat(op.attributes().get("narrow_range")).isEqualTo(false);
            assertThat(op.attributes().get("axis")).isEqualTo(-1L);
            assertThat(t.constants()).isEmpty();
        }
    }

    @Test
    void perChannelAttributesCarryOneAmaxPerChannel() {
        try (Sequential m = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL
                .withNumBits(4).withUnsigned(true).withNarrowRange(true).withAmax(1f, 2f, 3f)));
             Scope s = Scope.open()) {
            Trace t = trace(m, Tensor.rand(0f, 1f, 3, 2, 1, 1));
            assertThat(t.opTypes()).containsExactly("QuantizeDequantize");
            TracedOp op = t.ops().get(0);
            assertThat((float[]) op.attributes().get("amax")).containsExactly(1f, 2f, 3f);
            assertThat(op.attributes().get("num_bits")).isEqualTo(4L);
            assertThat(op.attributes().get("unsigned")).isEqualTo(true);
            assertThat(op.attributes().get("narrow_range")).isEqualTo(true);
            assertThat(op.attributes().get("axis")).isEqualTo(0L);
        }
    }

    @Test
    void dynamicAndScaledAmaxRecordTheAmaxUsed() {
        try (Sequential m = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withScaleAmax(0.5f)));
             Scope s = Scope.open()) {
            Trace t = trace(m, Tensor.fromFloats(new float[] {-4f, 1f}, 2));
            assertThat((float[]) t.ops().get(0).attributes().get("amax")).containsExactly(2f);
            // computed from the traced input: marked, so that an exporter does not take it for a constant
            assertThat(t.ops().get(0).attributes()).containsEntry(FakeQuant.DYNAMIC_AMAX, true);
            ((TensorQuantizer) m.get(0)).setAmax(4f);
            Trace calibrated = trace(m, Tensor.fromFloats(new float[] {-4f, 1f}, 2));
            assertThat((float[]) calibrated.ops().get(0).attributes().get("amax")).containsExactly(2f);
            assertThat(calibrated.ops().get(0).attributes()).doesNotContainKey(FakeQuant.DYNAMIC_AMAX);
        }
    }

    @Test
    void learnedClipIsAClipOpBeforeTheQuantization() {
        try (Sequential m = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true).withAmax(0.75f)));
             Scope s = Scope.open()) {
            ((TensorQuantizer) m.get(0)).clip().set(-0.5f, 0.75f);
            Tensor x = Tensor.fromFloats(new float[] {-2f, -0.25f, 0.3f, 2f}, 4);
            Trace t = trace(m, x);
            assertThat(t.opTypes()).containsExactly("Clip", "QuantizeDequantize");
            TracedOp clip = t.ops().get(0);
            assertThat(clip.modulePath()).isEqualTo("0.clip");
            assertThat(clip.attributes()).containsEntry("min", -0.5f).containsEntry("max", 0.75f);
            TracedOp q = t.ops().get(1);
            assertThat(q.inputs()).containsExactly(clip.output());
            assertThat(q.modulePath()).isEqualTo("0");
            assertThat((float[]) q.attributes().get("amax")).containsExactly(0.75f);
            // tracing computes what the untraced forward computes
            float[] traced;
            try (Tracer tracer = Tracer.start(); Autograd.Recording off = Autograd.noGrad()) {
                traced = m.forward(tracer.input("input", x)).toFloatArray();
            }
            try (Autograd.Recording off = Autograd.noGrad()) {
                assertThat(m.forward(x).toFloatArray()).containsExactly(traced);
            }
            // -2 is clipped to -0.5 (a Q/DQ alone would saturate at -128 steps, -0.756)
            assertThat(traced[0]).isCloseTo(-0.5f, org.assertj.core.data.Offset.offset(0.5f * 0.75f / 127f));
        }
    }

    @Test
    void calibrationOnlyAndDisabledRecordNothing() {
        try (Sequential m = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM));
             Scope s = Scope.open()) {
            TensorQuantizer q = (TensorQuantizer) m.get(0);
            q.disableQuant().enableCalib();
            Trace t = trace(m, Tensor.randn(8));
            assertThat(t.ops()).isEmpty();
            assertThat(t.outputs()).containsExactly("input");
            assertThat(q.calibrator().hasData()).isTrue();
            q.enableQuant().disableCalib().disable();
            assertThat(trace(m, Tensor.randn(8)).ops()).isEmpty();
        }
    }
}
