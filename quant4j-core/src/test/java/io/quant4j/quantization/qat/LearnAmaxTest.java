package io.quant4j.quantization.qat;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.TracedOp;
import io.quant4j.tensor.Tracer;
import io.quant4j.train.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** QAT with learn_amax: the clip bounds move, and the learned range is what the model uses afterwards. */
class LearnAmaxTest {
    @Test
    void clipBoundsMoveAndAreUsedAfterwards() {
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            List<Supplier<Tensor>> calib = new ArrayList<>();
            calib.add(() -> {
                Engines.seed(1);
                return Tensor.randn(16, 1, 28, 28);
            });
            SelectiveQuantizer sq = new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false).withLearnAmax(true));
            PtqResult r = Ptq.run(fp32, sq, calib.iterator(), CalibrationParams.defaults().withBatches(1), false);
            Module q = r.model();
            TensorQuantizer in = (TensorQuantizer) q.get("layer2.0.conv1._input_quantizer");
            assertThat(in.clip()).isNotNull();
            float before = in.clip().maxValue();
            assertThat(before).isEqualTo(in.amax()[0]);
            // weights are per channel: no learned clip there (SuperGradients drops it too)
            assertThat(((TensorQuantizer) q.get("layer2.0.conv1._weight_quantizer")).clip()).isNull();
            assertThat(q.namedParameters()).containsKey("layer2.0.conv1._input_quantizer.clip.clip_value_max");

            q.train();
            Sgd opt = new Sgd(q.namedParameters(), 0.9f, false, 0f);
            long[] labels = new long[16];
            for (int step = 0; step < 5; step++) {
                try (Scope s = Scope.open()) {
                    Engines.seed(10 + step);
                    Tensor x = Tensor.randn(16, 1, 28, 28).mul(3f);
                    try (Autograd.Recording rec = Autograd.record()) {
                        rec.backward(q.forward(x).crossEntropy(Tensor.fromLongs(labels, 16), 0f));
                    }
                    float max = in.clip().maxValue();
                    float grad = in.clip().max().value().grad().item();
                    opt.step(0.05f);
                    if (step == 0) {
                        // the clip trains like any parameter: PyTorch's first SGD step is p - lr * grad
                        assertThat(grad).as("inputs beyond the clip give it a gradient").isNotZero();
                        assertThat(in.clip().maxValue()).isCloseTo(max - 0.05f * grad, org.assertj.core.data.Offset.offset(1e-6f));
                    }
                }
            }
            assertThat(in.clip().maxValue()).isNotEqualTo(before);
            float learned = Math.max(-in.clip().minValue(), in.clip().maxValue());
            // the traced fake quantization uses the learned range, not the calibrated buffer
            q.eval();
            try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad(); Tracer t = Tracer.start()) {
                Tensor x = t.input("x", Tensor.randn(1, 1, 28, 28));
                var trace = t.finish(q.forward(x));
                TracedOp op = trace.ops().stream().filter(o -> o.modulePath().equals("layer2.0.conv1._input_quantizer"))
                        .findFirst().orElseThrow();
                assertThat((float[]) op.attributes().get("amax")).containsExactly(learned);
            }
            q.close();
        }
    }

    @Test
    void calibrationWithALearnedClipIsTheIdentity() {
        try (TensorQuantizer q = new TensorQuantizer(io.quant4j.quantization.QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true));
             Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            q.disableQuant().enableCalib();
            Tensor x = Tensor.fromFloats(new float[] {-5f, 0.5f, 7f}, 3);
            assertThat(q.forward(x).toFloatArray()).containsExactly(-5f, 0.5f, 7f);
            q.disableCalib();
            // outside calibration a quant-off quantizer with its clip on clips (the clip starts at +-1)
            assertThat(q.forward(x).toFloatArray()).containsExactly(-1f, 0.5f, 1f);
        }
    }
}
