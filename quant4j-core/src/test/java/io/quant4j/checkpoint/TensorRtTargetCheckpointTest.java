package io.quant4j.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.layers.QuantConv2d;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PTQ model for the default target (TensorRT: Q/DQ on the inputs of quantized layers) saved with
 * {@link ModelCheckpoint} reloads with the same target, the same quantizers and amax values, the
 * same outputs, and trains (the counterpart of {@link OrtTargetCheckpointTest}).
 */
class TensorRtTargetCheckpointTest {
    @TempDir
    Path dir;

    private static final QuantizationSpec TRT = QuantizationSpec.defaults()
            .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));

    private static List<Supplier<Tensor>> noise(int n) {
        List<Supplier<Tensor>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int seed = i;
            out.add(() -> {
                Engines.seed(70 + seed);
                return Tensor.randn(8, 1, 28, 28);
            });
        }
        return out;
    }

    private static Map<String, float[]> amax(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.namedModules().forEach((p, x) -> {
            if (x instanceof TensorQuantizer q) {
                out.put(p, q.amax());
            }
        });
        return out;
    }

    @Test
    void savedTensorRtModelReloadsIdenticallyAndTrains() throws Exception {
        assertThat(TRT.target()).isEqualTo(QuantTarget.TENSORRT);
        Path file = dir.resolve("trt.safetensors");
        float[] before;
        Map<String, float[]> amaxBefore;
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(4))) {
            PtqResult r = Ptq.run(fp32, TRT.toQuantizer(1, 1, 28, 28), noise(2).iterator(),
                    CalibrationParams.defaults().withBatches(2), false);
            try (Module q = r.model()) {
                ModelCheckpoint.save(q, file, new CheckpointInfo("resnet_fmnist", 10, 1, TRT, Map.of("note", "trt")));
                before = forward(q);
                amaxBefore = amax(q);
            }
        }
        CheckpointInfo info = ModelCheckpoint.info(file);
        assertThat(info.quantized()).isTrue();
        assertThat(info.quantization().target()).isEqualTo(QuantTarget.TENSORRT);
        assertThat(info.quantization().params().perChannel()).isTrue();
        assertThat(info.extra()).containsEntry("note", "trt");
        try (Module again = ModelCheckpoint.load(file)) {
            assertThat(again.get("conv1")).isInstanceOf(QuantConv2d.class);
            Map<String, float[]> amaxAfter = amax(again);
            assertThat(amaxAfter.keySet()).containsExactlyElementsOf(amaxBefore.keySet());
            amaxBefore.forEach((k, v) -> assertThat(amaxAfter.get(k)).as(k).isNotNull().containsExactly(v));
            assertThat(forward(again)).containsExactly(before);
            again.train();
            try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                Engines.seed(2);
                Tensor loss = again.forward(Tensor.randn(4, 1, 28, 28)).crossEntropy(Tensor.fromLongs(new long[] {0, 1, 2, 3}, 4), 0f);
                rec.backward(loss);
            }
            for (Map.Entry<String, Parameter> e : again.namedParameters().entrySet()) {
                assertThat(e.getValue().value().grad()).as(e.getKey()).isNotNull();
            }
        }
    }

    private static float[] forward(Module m) {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            m.eval();
            Engines.seed(12);
            return m.forward(Tensor.randn(3, 1, 28, 28)).toFloatArray();
        }
    }
}
