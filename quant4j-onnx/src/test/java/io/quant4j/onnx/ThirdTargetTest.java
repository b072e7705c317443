package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Module;
import io.quant4j.nn.Residual;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.ExportLayout;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantTargets;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.OpType;
import io.quant4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third runtime plugs in as one class: a test-only target that quantizes only fully connected
 * layers (as a runtime with integer GEMM but float convolutions would want), registered by id, goes
 * through placement, calibration, checkpoint and verified export without any change to the
 * TensorRT or ONNX Runtime targets.
 */
class ThirdTargetTest {
    @TempDir
    Path dir;

    /** Only Linear layers get quantizers; the export keeps them where they are and names the target. */
    static final class LinearOnlyTarget implements QuantTarget {
        @Override
        public String id() {
            return "linear-only";
        }

        @Override
        public ModelQuantizer placement(QuantizationSpec spec, long[] sampleShape) {
            SelectiveQuantizer sq = new SelectiveQuantizer(spec.params());
            spec.skips().registerWith(sq);
            return sq.registerSkipQuantization(Conv2d.class, AdaptiveAvgPool2d.class, Residual.class);
        }

        @Override
        public Set<OpType> valuePreservingOps() {
            return Set.of(OpType.FLATTEN, OpType.RESHAPE);
        }

        @Override
        public ExportLayout exportLayout() {
            return new ExportLayout(false, false, false, false, false, valuePreservingOps(), Map.of("quant4j.target", id()));
        }
    }

    @Test
    void aTestOnlyTargetPlacesCalibratesSavesAndExports() throws Exception {
        QuantTargets.register(new LinearOnlyTarget());
        QuantTarget target = QuantTarget.parse("linear-only");
        QuantizationSpec spec = QuantizationSpec.defaults().withTarget(target)
                .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        List<ImageBatch> noise = TestNets.batches(2, 8, 40, 1, 28, 28);
        List<Supplier<Tensor>> calib = new ArrayList<>();
        noise.forEach(b -> calib.add(() -> Tensor.fromFloats(b.data(), b.shape())));
        Path file = dir.resolve("linear-only.safetensors");
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(2));
             Module q = Ptq.run(fp32, spec.toQuantizer(1, 1, 28, 28), calib.iterator(), CalibrationParams.defaults(), false).model()) {
            List<String> quantizers = q.namedModules().entrySet().stream().filter(e -> e.getValue() instanceof TensorQuantizer)
                    .map(Map.Entry::getKey).toList();
            assertThat(quantizers).containsExactly("fc._input_quantizer", "fc._weight_quantizer");
            assertThat(q.get("conv1")).isExactlyInstanceOf(Conv2d.class);

            ModelCheckpoint.save(q, file, new CheckpointInfo("resnet_fmnist", 10, 1, spec, Map.of()));
            assertThat(ModelCheckpoint.info(file).quantization().target()).isSameAs(target);

            ExportResult r = OnnxExporter.export(q, dir.resolve("m.onnx"), ExportOptions.of(1, 1, 28, 28).withTarget(target),
                    noise, VerifyOptions.defaults());
            assertThat(r.verification().passed()).as(r.verification().summary()).isTrue();
            assertThat(r.quantizeLinear()).isEqualTo(1);
            ModelProto m = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("m.onnx")));
            assertThat(m.getMetadataPropsList()).anySatisfy(p -> {
                assertThat(p.getKey()).isEqualTo("quant4j.target");
                assertThat(p.getValue()).isEqualTo("linear-only");
            });
        }
        try (Module reloaded = ModelCheckpoint.load(file)) {
            assertThat(reloaded.namedModules().values().stream().filter(x -> x instanceof TensorQuantizer).count()).isEqualTo(2);
        }
    }
}
