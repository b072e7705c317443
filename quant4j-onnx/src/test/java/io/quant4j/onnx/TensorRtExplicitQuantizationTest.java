package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tensorrt target's export of a zoo model (resnet_fmnist, PTQ on noise), read back from the
 * written file, follows TensorRT's explicit-quantization rules ({@link TensorRtQdqRules}) in both
 * weight formats; and the Q/DQ pairs sit where pytorch-quantization puts them for TensorRT.
 */
class TensorRtExplicitQuantizationTest {
    private static PtqResult ptq;

    @TempDir
    Path dir;

    @BeforeAll
    static void quantize() {
        QuantizationSpec spec = QuantizationSpec.defaults().withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        assertThat(spec.target()).isSameAs(QuantTarget.TENSORRT);
        List<Supplier<Tensor>> noise = new ArrayList<>();
        for (ImageBatch b : TestNets.batches(2, 8, 21, 1, 28, 28)) {
            noise.add(() -> Tensor.fromFloats(b.data(), b.shape()));
        }
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(4))) {
            ptq = Ptq.run(fp32, spec.toQuantizer(1, 1, 28, 28), noise.iterator(), CalibrationParams.defaults().withBatches(2), false);
        }
    }

    @AfterAll
    static void close() {
        ptq.model().close();
    }

    private ModelProto written(WeightFormat format) {
        Path file = dir.resolve(format.name().toLowerCase(java.util.Locale.ROOT) + ".onnx");
        OnnxExporter.export(ptq.model(), file, ExportOptions.of(1, 1, 28, 28).withTarget(QuantTarget.TENSORRT).withWeightFormat(format));
        return OnnxChecker.read(file);
    }

    private static Map<String, Long> ops(ModelProto m) {
        return m.getGraph().getNodeList().stream().collect(Collectors.groupingBy(NodeProto::getOpType, Collectors.counting()));
    }

    @Test
    void int8WeightsFollowTensorRtRules() {
        ModelProto m = written(WeightFormat.INT8);
        TensorRtQdqRules.Report r = TensorRtQdqRules.check(m);
        assertThat(r.violations()).isEmpty();
        Map<String, Long> ops = ops(m);
        // 15 convolutions (BatchNorm folded) and the classifier, every one with quantized input and weights
        assertThat(ops).containsEntry("Conv", 15L).containsEntry("Gemm", 1L).doesNotContainKey("BatchNormalization");
        assertThat(r.weightedOps()).isEqualTo(16);
        assertThat(r.perChannel()).isEqualTo(16);
        // 39 quantizers: 16 weights (DQ of int8) and 23 activations (Q + DQ): the inputs of the 15 convs,
        // the 6 residual shortcuts, the pooling and the classifier
        assertThat(r.quantizeLinear()).isEqualTo(23);
        assertThat(r.dequantizeLinear()).isEqualTo(39);
    }

    @Test
    void floatQdqWeightsFollowTensorRtRules() {
        ModelProto m = written(WeightFormat.FLOAT_QDQ);
        TensorRtQdqRules.Report r = TensorRtQdqRules.check(m);
        assertThat(r.violations()).isEmpty();
        assertThat(r.weightedOps()).isEqualTo(16);
        assertThat(r.quantizeLinear()).isEqualTo(39);
        assertThat(r.dequantizeLinear()).isEqualTo(39);
        // Q and DQ of each per-channel weight both carry the axis
        assertThat(r.perChannel()).isEqualTo(32);
    }

    /** The residual add reads its shortcut through Q/DQ (pytorch-quantization's placement for TensorRT's conv + add fusion). */
    @Test
    void everyResidualAddReadsAQuantizedShortcut() {
        ModelProto m = written(WeightFormat.INT8);
        Map<String, NodeProto> producer = m.getGraph().getNodeList().stream()
                .flatMap(n -> n.getOutputList().stream().map(o -> Map.entry(o, n)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        List<NodeProto> adds = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Add")).toList();
        assertThat(adds).hasSize(6);
        assertThat(adds).allSatisfy(add -> assertThat(add.getInputList().stream()
                .filter(i -> producer.containsKey(i) && producer.get(i).getOpType().equals("DequantizeLinear")).count())
                .as(add.getName()).isEqualTo(1));
    }

    /** A transposed convolution's weight is quantized per input channel (axis 0), what TensorRT's deconvolution takes. */
    @Test
    void aTransposedConvolutionKeepsItsWeightScalesOnAxisZero() {
        QuantizationSpec spec = QuantizationSpec.defaults().withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
        List<Supplier<Tensor>> noise = new ArrayList<>();
        for (ImageBatch b : TestNets.batches(2, 4, 22, 1, 8, 8)) {
            noise.add(() -> Tensor.fromFloats(b.data(), b.shape()));
        }
        Path file = dir.resolve("deconv.onnx");
        try (Module fp32 = new io.quant4j.nn.Sequential(new io.quant4j.nn.Conv2d(1, 4, 3, 1, 1, true), new io.quant4j.nn.ReLU(),
                new io.quant4j.nn.ConvTranspose2d(4, 6, io.quant4j.tensor.Int2.of(3), io.quant4j.tensor.ConvSpec.of(2, 1),
                        io.quant4j.tensor.Int2.of(1), true))) {
            PtqResult r = Ptq.run(fp32, spec.toQuantizer(1, 1, 8, 8), noise.iterator(), CalibrationParams.defaults().withBatches(2), false);
            try (Module q = r.model()) {
                OnnxExporter.export(q, file, ExportOptions.of(1, 1, 8, 8).withTarget(QuantTarget.TENSORRT));
            }
        }
        ModelProto m = OnnxChecker.read(file);
        TensorRtQdqRules.Report rules = TensorRtQdqRules.check(m);
        assertThat(rules.violations()).isEmpty();
        assertThat(ops(m)).containsEntry("ConvTranspose", 1L);
        assertThat(rules.weightedOps()).isEqualTo(2);
        assertThat(rules.perChannel()).isEqualTo(2);
    }
}
