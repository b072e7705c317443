package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.Split;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.FashionMnist;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.onnx.OnnxVerifier;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.onnx.VerificationReport;
import io.quant4j.onnx.VerifyOptions;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretrained resnet_fmnist exported to FP32 ONNX, imported, quantized for TensorRT and written back with Q/DQ. */
class ImportedPtqTest {
    @TempDir
    Path dir;

    @Test
    void importedResnetQuantizesAndItsQdqFileAgreesWithJava() throws Exception {
        check(QuantTarget.TENSORRT);
    }

    @Test
    void importedResnetQuantizesForOnnxRuntime() throws Exception {
        check(QuantTarget.ONNXRUNTIME);
    }

    private void check(QuantTarget target) throws Exception {
        List<ImageBatch> calib = FashionMnist.batches(Split.TRAIN, 512, 128, 0L);
        List<ImageBatch> test = FashionMnist.batches(Split.TEST, 1000, 250, null);
        Path fp32 = dir.resolve("fp32.onnx");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            OnnxExporter.export(m, fp32, ExportOptions.of(1, 1, 28, 28).withFoldBatchNorm(false));
        }
        ImportedModel imported = OnnxImporter.load(fp32);
        List<Supplier<Tensor>> batches = calib.stream().map(b -> (Supplier<Tensor>) () -> Tensor.fromFloats(b.data(), b.shape())).toList();
        PtqResult r = Ptq.run(imported.module(), QuantizationSpec.defaults().withTarget(target).toQuantizer(1, 1, 28, 28),
                batches.iterator(), CalibrationParams.defaults().withBatches(4), false);
        GraphModule q = (GraphModule) r.model();
        Path out = dir.resolve("int8.onnx");
        Files.write(out, GraphExporter.toModel(imported, q, GraphExportOptions.of(target)).toByteArray());
        VerificationReport v = OnnxVerifier.compare(q, out, test.subList(0, 2), VerifyOptions.defaults());
        System.out.println("imported resnet_fmnist, " + target + ": " + v.summary());
        System.out.println(r.report());
        assertThat(v.passed()).as(v.summary()).isTrue();
        try (OrtRunner o = OrtRunner.open(out, OrtOptions.defaults().withThreads(2))) {
            var e = o.evaluate(test);
            System.out.println("ONNX Runtime top-1 on 1000 test images: " + e.accuracy());
            assertThat(e.accuracy()).isGreaterThan(0.9);
        }
    }
}
