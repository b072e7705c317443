package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.quant4j.data.Split;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ExportOptions.withFp16(true)}: the float parts of the file compute in float16 with Casts
 * only at its input and output (and one before each QuantizeLinear, which ONNX Runtime 1.29 gets
 * wrong in float16), and the file agrees with the float32 export in ONNX Runtime within
 * {@link Float16Tolerance#defaults()}.
 */
class Float16ExportTest {
    private static final int FLOAT = DataType.FLOAT.getNumber();
    private static final int FLOAT16 = DataType.FLOAT16.getNumber();

    @TempDir
    Path dir;

    private static Module ptq(Module fp32, List<ImageBatch> calib) {
        QuantizationSpec spec = QuantizationSpec.defaults().withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        List<Supplier<Tensor>> batches = calib.stream().<Supplier<Tensor>>map(b -> () -> Tensor.fromFloats(b.data(), b.shape())).toList();
        return Ptq.run(fp32, spec.toQuantizer(1, 1, 28, 28), batches.iterator(), CalibrationParams.defaults().withBatches(calib.size()),
                false).model();
    }

    /**
     * Exports {@code q} in float16, verified, and checks the written file: structure (see
     * {@link #assertFloat16Structure}), the report, and the file itself against the float32 export
     * in ONNX Runtime, measured again from disk.
     */
    private ModelProto exportAndCheck(Module q, ExportOptions opts, List<ImageBatch> verify) throws Exception {
        Path out = dir.resolve("model_fp16.onnx");
        ExportResult r = OnnxExporter.export(q, out, opts.withFp16(true), verify, VerifyOptions.defaults());
        assertThat(r.verification().passed()).as(r.verification().summary()).isTrue();
        Float16Report f = r.float16();
        assertThat(f).isNotNull();
        System.out.println("== float16 against float32: " + f.summary());
        assertThat(f.passed()).as(f.summary()).isTrue();
        assertThat(f.relativeDiff()).isPositive().isLessThanOrEqualTo(Float16Tolerance.defaults().maxRelativeDiff());
        ModelProto m = OnnxChecker.read(out);
        OnnxChecker.check(m, out.toString());
        assertThat(r.bytes()).isEqualTo(Files.size(out));
        assertThat(r.nodes()).isEqualTo(m.getGraph().getNodeCount());
        byte[] fp32 = OnnxExporter.toModel(q, opts).toByteArray();
        Float16Report again = Float16Agreement.measure(fp32, Files.readAllBytes(out), verify, OrtOptions.defaults(),
                Float16Tolerance.defaults());
        assertThat(again.maxAbsDiff()).isEqualTo(f.maxAbsDiff());
        assertThat(again.top1Agreement()).isEqualTo(f.top1Agreement());
        assertFloat16Structure(m);
        return m;
    }

    /**
     * Interface float32; every other float value float16, computed by float16 ops: an element type
     * is propagated through the graph (Cast: its {@code to}; QuantizeLinear: its zero point's;
     * DequantizeLinear: its scale's; otherwise the first input's), and apart from Casts and
     * QuantizeLinear no node reads a float32 value. Casts: one after each float32 input, one before
     * each float32 output, and otherwise only float16 to float32 in front of QuantizeLinear.
     */
    static void assertFloat16Structure(ModelProto m) {
        GraphProto g = m.getGraph();
        Map<String, Integer> types = new HashMap<>();
        Map<String, NodeProto> producer = new HashMap<>();
        Map<String, List<NodeProto>> readers = new HashMap<>();
        g.getInputList().forEach(v -> types.put(v.getName(), v.getType().getTensorType().getElemType()));
        g.getInitializerList().forEach(t -> types.put(t.getName(), t.getDataType()));
        for (ValueInfoProto v : g.getInputList()) {
            assertThat(v.getType().getTensorType().getElemType()).as("input %s", v.getName()).isEqualTo(FLOAT);
        }
        for (ValueInfoProto v : g.getOutputList()) {
            assertThat(v.getType().getTensorType().getElemType()).as("output %s", v.getName()).isEqualTo(FLOAT);
        }
        for (NodeProto n : g.getNodeList()) {
            for (String in : n.getInputList()) {
                readers.computeIfAbsent(in, k -> new java.util.ArrayList<>()).add(n);
            }
            int t = switch (n.getOpType()) {
                case "Cast" -> (int) n.getAttribute(0).getI();
                case "QuantizeLinear" -> types.get(n.getInput(2));
                case "DequantizeLinear" -> types.get(n.getInput(1));
                default -> types.getOrDefault(n.getInput(0), 0);
            };
            n.getOutputList().forEach(o -> {
                types.put(o, t);
                producer.put(o, n);
            });
            if (!n.getOpType().equals("Cast") && !n.getOpType().equals("QuantizeLinear")) {
                for (String in : n.getInputList()) {
                    assertThat(types.get(in)).as("%s (%s) reads %s", n.getName(), n.getOpType(), in).isNotEqualTo(FLOAT);
                }
            }
        }
        java.util.Set<String> inputs = new java.util.HashSet<>();
        g.getInputList().forEach(v -> inputs.add(v.getName()));
        java.util.Set<String> outputs = new java.util.HashSet<>();
        g.getOutputList().forEach(v -> outputs.add(v.getName()));
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("QuantizeLinear")) {
                assertThat(types.get(n.getInput(0))).as("%s reads float32", n.getName()).isEqualTo(FLOAT);
                assertThat(types.get(n.getInput(1))).as("%s scale", n.getName()).isEqualTo(FLOAT);
            }
            if (!n.getOpType().equals("Cast")) {
                continue;
            }
            long to = n.getAttribute(0).getI();
            String in = n.getInput(0);
            String out = n.getOutput(0);
            if (inputs.contains(in)) {
                assertThat(to).as("%s after an input", n.getName()).isEqualTo(FLOAT16);
            } else if (outputs.contains(out)) {
                assertThat(to).as("%s before an output", n.getName()).isEqualTo(FLOAT);
                assertThat(types.get(in)).isEqualTo(FLOAT16);
            } else {
                assertThat(to).as("%s inside the graph", n.getName()).isEqualTo(FLOAT);
                assertThat(types.get(in)).isEqualTo(FLOAT16);
                assertThat(readers.get(out)).as("readers of %s", out).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.getOpType()).isEqualTo("QuantizeLinear"));
            }
        }
        assertThat(m.getMetadataPropsList()).anyMatch(e -> e.getKey().equals(Float16Pass.METADATA_KEY));
    }

    private static TensorProto init(ModelProto m, String name) {
        return m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    @Test
    void pretrainedResnetFmnistInFloat16AgreesWithItsFloat32ExportOnFashionMnist() throws Exception {
        List<ImageBatch> calib = FashionMnist.batches(Split.TRAIN, 256, 128, 0L);
        List<ImageBatch> test = FashionMnist.batches(Split.TEST, 256, 64, null);
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights()); Module q = ptq(fp32, calib)) {
            ModelProto m = exportAndCheck(q, ExportOptions.of(1, 1, 28, 28), test);
            assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(Float16Opset.OPSET);
            assertThat(m.getIrVersion()).isEqualTo(Float16Opset.IR_VERSION);
            // int8 weights stay int8, their DequantizeLinear scales become float16 (and so their output)
            assertThat(init(m, "conv1.weight_quantized").getDataType()).isEqualTo(DataType.INT8.getNumber());
            assertThat(init(m, "conv1._weight_quantizer.scale").getDataType()).isEqualTo(FLOAT16);
            // float biases of the quantized convs (folded BatchNorms) and the head's bias: float16
            assertThat(init(m, "conv1.bias").getDataType()).isEqualTo(FLOAT16);
            assertThat(init(m, "fc.bias").getDataType()).isEqualTo(FLOAT16);
            // QuantizeLinear's scale: a float32 copy of the float16 one the DequantizeLinear reads
            assertThat(init(m, "fc._input_quantizer.scale").getDataType()).isEqualTo(FLOAT16);
            assertThat(init(m, "fc._input_quantizer.scale_float32").getDataType()).isEqualTo(FLOAT);
            assertThat(m.getGraph().getInitializerList()).filteredOn(t -> t.getDataType() == FLOAT)
                    .allSatisfy(t -> assertThat(t.getName()).endsWith("_float32"));
            // the first quantizer reads the float32 input itself: no Cast after the input
            long casts = count(m, "Cast");
            assertThat(casts).isLessThanOrEqualTo(count(m, "QuantizeLinear") + 1);
            assertThat(m.getGraph().getNodeList()).noneMatch(n -> n.getOpType().equals("Cast") && n.getInput(0).equals("input"));
        }
    }

    @Test
    void randomResnetFmnistWithBatchNormsInFloat16AgreesOnNoise() throws Exception {
        List<ImageBatch> calib = TestNets.batches(2, 32, 40, 1, 28, 28);
        List<ImageBatch> noise = TestNets.batches(4, 16, 41, 1, 28, 28);
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(5))) {
            TestNets.randomizeBatchNorms(fp32, 5);
            try (Module q = ptq(fp32, calib)) {
                ModelProto m = exportAndCheck(q, ExportOptions.of(1, 1, 28, 28).withFoldBatchNorm(false), noise);
                assertThat(count(m, "BatchNormalization")).isPositive();
                for (String p : List.of("bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var")) {
                    assertThat(init(m, p).getDataType()).as(p).isEqualTo(FLOAT16);
                }
            }
        }
    }

    @Test
    void aFloatModelHasCastsOnlyAtItsInputAndOutputAndKeepsItsOpset() throws Exception {
        try (TestNets.QuantNet net = TestNets.floatNet(6)) {
            ModelProto m = exportAndCheck(net, ExportOptions.of(1, 1, 28, 28), TestNets.batches(2, 16, 7, 1, 28, 28));
            assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(OnnxExporter.OPSET);
            assertThat(count(m, "Cast")).isEqualTo(2);
            assertThat(m.getGraph().getInitializerList()).filteredOn(t -> t.getDataType() == FLOAT).isEmpty();
            assertThat(init(m, "fc.weight").getDataType()).isEqualTo(FLOAT16);
        }
    }

    /** Every op the exporter emits (OpsNet) runs in float16 at opset 19 in ONNX Runtime, ReduceMean/ReduceMax with axes as an input. */
    @Test
    void everyEmittedOpRunsInFloat16AtOpset19() {
        Engines.seed(4);
        try (OpsNet net = new OpsNet()) {
            ExportedModel fp32 = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 8, 8));
            ModelProto.Builder b = Float16Pass.apply(fp32.proto()).model().toBuilder();
            Float16Opset.raise(b);
            ModelProto m = b.build();
            OnnxChecker.check(m, "OpsNet in float16 at opset 19");
            assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(19);
            for (NodeProto n : m.getGraph().getNodeList()) {
                if (n.getOpType().equals("ReduceMean") || n.getOpType().equals("ReduceMax")) {
                    assertThat(n.getAttributeList()).noneMatch(a -> a.getName().equals("axes"));
                    assertThat(n.getInputCount()).isEqualTo(2);
                    assertThat(init(m, n.getInput(1)).getDataType()).isEqualTo(DataType.INT64.getNumber());
                }
            }
            assertFloat16Structure(m);
            Float16Report f = Float16Agreement.measure(fp32.toByteArray(), m.toByteArray(), TestNets.batches(2, 3, 8, 1, 8, 8),
                    OrtOptions.defaults(), Float16Tolerance.defaults());
            assertThat(f.passed()).as(f.summary()).isTrue();
        }
    }

    @Test
    void theOnnxruntimeTargetIsRefused() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 8)) {
            ExportOptions o = ExportOptions.of(1, 1, 28, 28).withTarget(QuantTarget.ONNXRUNTIME).withFp16(true);
            assertThatThrownBy(() -> OnnxExporter.toModel(net, o)).isInstanceOf(OnnxExportException.class)
                    .hasMessageContaining("onnxruntime target").hasMessageContaining("tensorrt");
        }
    }

    /** Activations beyond float16's 65,504 are infinite in the float16 file: refused, nothing written. */
    @Test
    void overflowingActivationsFailTheVerificationAndWriteNothing() {
        try (TestNets.QuantNet net = TestNets.floatNet(9)) {
            try (Autograd.Recording off = Autograd.noGrad()) {
                for (String p : List.of("conv1.weight", "conv2.weight", "fc.weight")) {
                    io.quant4j.nn.Parameter w = net.namedParameters().get(p);
                    w.assign(w.value().mul(300f));
                }
            }
            Path out = dir.resolve("overflow.onnx");
            assertThatThrownBy(() -> OnnxExporter.export(net, out, ExportOptions.of(1, 1, 28, 28).withFp16(true),
                    TestNets.batches(2, 8, 10, 1, 28, 28), VerifyOptions.defaults()))
                    .isInstanceOf(Float16VerificationException.class).hasMessageContaining("NaN or infinite")
                    .satisfies(e -> assertThat(((Float16VerificationException) e).report().nonFinite()).isPositive());
            assertThat(out).doesNotExist();
        }
    }
}
