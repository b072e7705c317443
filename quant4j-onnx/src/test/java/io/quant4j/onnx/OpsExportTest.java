package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.quant4j.tensor.Engines;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsExportTest {
    @TempDir
    Path dir;

    @Test
    void manyOpsExportAndMatchJavaAtBatch1And3FromOneFile() {
        Engines.seed(4);
        try (OpsNet net = new OpsNet()) {
            Path file = dir.resolve("ops.onnx");
            ExportResult r = OnnxExporter.export(net, file, ExportOptions.of(1, 1, 8, 8));
            ModelProto m = OnnxChecker.read(file);
            assertThat(OnnxChecker.problems(m)).isEmpty();
            Set<String> ops = m.getGraph().getNodeList().stream().map(n -> n.getOpType()).collect(Collectors.toSet());
            assertThat(ops).contains("Conv", "ConvTranspose", "MaxPool", "AveragePool", "Sigmoid", "Mul", "HardSwish",
                    "Clip", "Concat", "Tanh", "Pad", "Slice", "Transpose", "Reshape", "MatMul", "Softmax", "LogSoftmax",
                    "ReduceMean", "ReduceSum", "ReduceMax", "Where", "GreaterOrEqual", "Sqrt", "Log", "Exp", "Max", "Min",
                    "Expand", "Flatten", "Relu");
            assertThat(r.nodes()).isEqualTo(m.getGraph().getNodeCount());
            try (OrtRunner ort = OrtRunner.open(file, OrtOptions.defaults())) {
                assertThat(ort.inputShape()).containsExactly(-1, 1, 8, 8);
                for (int batch : new int[] {1, 3}) {
                    ImageBatch x = ImageBatch.random(batch, batch, 1, 8, 8);
                    float[] java = TestNets.java(net, x);
                    OrtRunner.Output y = ort.run(x.data(), x.shape());
                    assertThat(y.shape()).containsExactly(batch, 5);
                    assertThat(TestNets.maxDiff(y.values(), java)).isLessThanOrEqualTo(1e-4 * Math.max(1, TestNets.maxAbs(java)));
                }
            }
        }
    }

    @Test
    void staticBatchExportFixesTheBatchDimension() {
        Engines.seed(5);
        try (OpsNet net = new OpsNet()) {
            ExportedModel e = OnnxExporter.toModel(net, ExportOptions.of(2, 1, 8, 8).withDynamicBatch(false));
            assertThat(e.proto().getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimValue()).isEqualTo(2);
            ImageBatch x = ImageBatch.random(8, 2, 1, 8, 8);
            try (OrtRunner ort = OrtRunner.open(e.toByteArray(), OrtOptions.defaults())) {
                float[] java = TestNets.java(net, x);
                assertThat(TestNets.maxDiff(ort.run(x.data(), x.shape()).values(), java))
                        .isLessThanOrEqualTo(1e-4 * Math.max(1, TestNets.maxAbs(java)));
            }
        }
    }
}
