package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.layers.Activation;
import io.quant4j.quantization.layers.IntegerConv2d;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The onnxruntime placement, exported, becomes integer kernels in ONNX Runtime's optimized graph (on x86-64). */
class OrtFusionTest {
    @TempDir
    Path dir;

    private static PtqResult ptq(long seed) {
        QuantizationSpec spec = QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
                .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        List<Supplier<Tensor>> noise = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long s = seed * 10 + i;
            noise.add(() -> {
                Engines.seed(s);
                return Tensor.randn(8, 1, 28, 28);
            });
        }
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(seed))) {
            return Ptq.run(fp32, spec.toQuantizer(1, 1, 28, 28), noise.iterator(), CalibrationParams.defaults().withBatches(2), false);
        }
    }

    private Map<String, Integer> optimizedOps(byte[] model) throws Exception {
        Path opt = dir.resolve("optimized.onnx");
        try (OrtRunner r = OrtRunner.open(model, OrtOptions.defaults().withOptimizedModelPath(opt))) {
            assertThat(r.inputName()).isEqualTo("input");
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(opt)).getGraph().getNodeList()) {
            ops.merge(n.getOpType(), 1, Integer::sum);
        }
        return ops;
    }

    @Test
    void everyQuantizedLayerOfResnetFmnistRunsAsAnIntegerKernel() throws Exception {
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), () -> "the kernel counts checked here"
                + " (QLinearConv, QLinearAdd, QGemm over uint8 activations) are those ONNX Runtime's CPU provider forms on"
                + " x86-64; on " + arch + " its QDQ fusions may choose other kernels");
        try (Module q = ptq(1).model()) {
            ExportedModel m = OnnxExporter.toModel(q, ExportOptions.of(1, 1, 28, 28).withTarget(QuantTarget.ONNXRUNTIME));
            Map<String, Integer> ops = optimizedOps(m.toByteArray());
            assertThat(ops).as("ORT optimized graph %s", ops).doesNotContainKeys("Conv", "Add", "Gemm", "Relu",
                    "GlobalAveragePool", "DequantizeLinear");
            assertThat(ops).containsEntry("QLinearConv", 15).containsEntry("QLinearAdd", 6)
                    .containsEntry("QLinearGlobalAveragePool", 1).containsEntry("QGemm", 1).containsEntry("QuantizeLinear", 1);
            // the export itself: one Q per quantized tensor (23, + 1 after Flatten), int32 biases, uint8 zero points
            long q8 = m.proto().getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("QuantizeLinear")).count();
            assertThat(q8).isEqualTo(24);
            assertThat(m.proto().getGraph().getInitializerList()).filteredOn(t -> t.getName().endsWith("bias_quantized"))
                    .hasSize(16).allSatisfy(t -> assertThat(t.getDataType()).isEqualTo(TensorProto.DataType.INT32.getNumber()));
            assertThat(m.proto().getMetadataPropsList()).anyMatch(p -> p.getKey().equals("quant4j.target")
                    && p.getValue().equals("onnxruntime"));
            VerificationReport v = OnnxVerifier.compare(q, m.proto(), m.toByteArray(), TestNets.batches(2, 8, 3, 1, 28, 28),
                    VerifyOptions.defaults());
            assertThat(v.passed()).as(v.summary()).isTrue();
            assertThat(v.tensors()).hasSize(23);
        }
    }

    /** {@code IntegerConv2d} whose bias is rounded with a quantizer other than the one its input went through. */
    static final class WrongBiasScale extends Module {
        WrongBiasScale() {
            Engines.seed(2);
            io.quant4j.nn.Conv2d f = new io.quant4j.nn.Conv2d(1, 4, 3, 1, 1, true);
            register("in", new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(3f)));
            IntegerConv2d c = IntegerConv2d.fromFloat(f, null, Activation.RELU, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
            c.weightQuantizer().setAmax(0.3f, 0.3f, 0.3f, 0.3f);
            c.inputQuantizedBy(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(2f)));
            c.quantizeOutput(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withUnsigned(true).withAmax(2f)));
            register("conv", c);
            f.close();
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            return children().get("conv").forward(children().get("in").forward(x)).flatten(1);
        }
    }

    @Test
    void aBiasNotOnTheInputTimesWeightGridIsExportedAsFloatAndNoted() {
        try (WrongBiasScale net = new WrongBiasScale()) {
            ExportedModel m = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 6, 6).withTarget(QuantTarget.ONNXRUNTIME));
            assertThat(m.result().notes()).anyMatch(n -> n.contains("int32 bias of conv") && n.contains("exported as float"));
            assertThat(m.proto().getGraph().getInitializerList()).noneMatch(t -> t.getName().endsWith("bias_quantized"));
            VerificationReport v = OnnxVerifier.compare(net, m.proto(), m.toByteArray(), TestNets.batches(2, 4, 5, 1, 6, 6),
                    VerifyOptions.defaults());
            assertThat(v.passed()).as(v.summary()).isTrue();
            // one step at most (ONNX Runtime 1.29 rounds a float bias onto the input x weight grid to fuse it: a flip)
            assertThat(v.maxDiffSteps()).isLessThanOrEqualTo(1.0 + 1e-4);
            ParityBound.assertWithin(v, List.of("in", "conv._output_quantizer"));
        }
    }
}
