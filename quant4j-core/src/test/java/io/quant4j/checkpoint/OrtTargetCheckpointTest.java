package io.quant4j.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
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
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtTargetCheckpointTest {
    @TempDir
    Path dir;

    private static final QuantizationSpec ORT = QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
            .withParams(SelectiveQuantizerParams.defaults().withVerbose(false).withLearnAmax(true));

    private static List<Supplier<Tensor>> noise(int n) {
        List<Supplier<Tensor>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int seed = i;
            out.add(() -> {
                Engines.seed(50 + seed);
                return Tensor.randn(8, 1, 28, 28);
            });
        }
        return out;
    }

    @Test
    void specJsonCarriesTheTargetAndOldFilesAreTensorRt() {
        QuantizationSpec back = SpecJson.read(SpecJson.write(ORT));
        assertThat(back.target()).isEqualTo(QuantTarget.ONNXRUNTIME);
        assertThat(back.params().learnAmax()).isTrue();
        assertThat(SpecJson.write(QuantizationSpec.defaults())).contains("\"target\":\"tensorrt\"");
        String old = "{\"calibrator_w\":\"max\",\"calibrator_i\":\"histogram\",\"per_channel\":true,\"learn_amax\":false,"
                + "\"weight_bits\":8,\"input_bits\":8,\"skip_modules\":[],\"skip_patterns\":[],\"skip_types\":[]}";
        assertThat(SpecJson.read(old).target()).isEqualTo(QuantTarget.TENSORRT);
    }

    @Test
    void savedOrtModelReloadsIdenticallyAndTrains() throws Exception {
        Path file = dir.resolve("ort.safetensors");
        float[] before;
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(3))) {
            PtqResult r = Ptq.run(fp32, ORT.toQuantizer(1, 1, 28, 28), noise(2).iterator(),
                    CalibrationParams.defaults().withBatches(2), false);
            try (Module q = r.model()) {
                ModelCheckpoint.save(q, file, new CheckpointInfo("resnet_fmnist", 10, 1, ORT, Map.of()));
                before = forward(q);
            }
        }
        assertThat(ModelCheckpoint.info(file).quantization().target()).isEqualTo(QuantTarget.ONNXRUNTIME);
        try (Module again = ModelCheckpoint.load(file)) {
            assertThat(forward(again)).containsExactly(before);
            // quantization-aware training: every trainable parameter (folded convs, biases, learned clips) gets a gradient
            again.train();
            try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                Engines.seed(1);
                Tensor x = Tensor.randn(4, 1, 28, 28);
                Tensor loss = again.forward(x).crossEntropy(Tensor.fromLongs(new long[] {1, 2, 3, 4}, 4), 0f);
                rec.backward(loss);
            }
            for (Map.Entry<String, Parameter> e : again.namedParameters().entrySet()) {
                assertThat(e.getValue().value().grad()).as(e.getKey()).isNotNull();
            }
            assertThat(again.namedParameters().keySet()).contains("conv1.bias", "layer1.1.conv1._input_quantizer.clip.clip_value_max");
        }
    }

    private static float[] forward(Module m) {
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            m.eval();
            Engines.seed(11);
            return m.forward(Tensor.randn(3, 1, 28, 28)).toFloatArray();
        }
    }
}
