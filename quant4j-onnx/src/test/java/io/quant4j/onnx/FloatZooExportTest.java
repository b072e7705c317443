package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every zoo model exports as plain FP32 ONNX that the checker accepts and ORT computes like Java. */
class FloatZooExportTest {
    @ParameterizedTest
    @CsvSource({
        "resnet_fmnist, 1x1x28x28",
        "resnet18, 1x3x64x64",
        "resnet34, 1x3x64x64",
        "resnet50, 1x3x64x64",
        "mobilenet_v2, 1x3x64x64"
    })
    void floatExportIsValidAndMatchesJava(String name, String shape) {
        long[] s = java.util.Arrays.stream(shape.split("x")).mapToLong(Long::parseLong).toArray();
        try (Module m = Models.get(name, ModelOptions.defaults())) {
            TestNets.randomizeBatchNorms(m, 11);
            ExportedModel e = OnnxExporter.toModel(m, ExportOptions.of(s));
            ModelProto p = e.proto();
            assertThat(OnnxChecker.problems(p)).isEmpty();
            Set<String> ops = p.getGraph().getNodeList().stream().map(n -> n.getOpType()).collect(Collectors.toSet());
            assertThat(ops).doesNotContain("QuantizeLinear", "DequantizeLinear", "BatchNormalization")
                    .contains("Conv", "Gemm", "GlobalAveragePool");
            assertThat(e.result().foldedBatchNorms()).isPositive();
            long[] batch = s.clone();
            batch[0] = 2;
            ImageBatch x = ImageBatch.random(3, batch);
            float[] java = TestNets.java(m, x);
            try (OrtRunner r = OrtRunner.open(e.toByteArray(), OrtOptions.defaults())) {
                float[] ort = r.run(x.data(), x.shape()).values();
                assertThat(ort).hasSameSizeAs(java);
                assertThat(TestNets.maxDiff(ort, java)).isLessThanOrEqualTo(1e-4 * Math.max(1, TestNets.maxAbs(java)));
            }
        }
    }
}
