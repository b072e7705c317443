package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.selective.DefaultMappings;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuantExportTest {
    @TempDir
    Path dir;

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    private static TensorProto init(ModelProto m, String name) {
        return m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    /** Row L1 norms' maximum of the head's weights as the Java forward quantizes them. */
    private static double headGain(TestNets.QuantNet net) {
        float[] w;
        try (io.quant4j.tensor.Scope s = io.quant4j.tensor.Scope.open();
             io.quant4j.tensor.Autograd.Recording off = io.quant4j.tensor.Autograd.noGrad()) {
            w = net.quantizer("fc._weight_quantizer").forward(net.namedParameters().get("fc.weight").value()).toFloatArray();
        }
        double gain = 0;
        for (int row = 0; row < 10; row++) {
            double l1 = 0;
            for (int col = 0; col < 16; col++) {
                l1 += Math.abs(w[row * 16 + col]);
            }
            gain = Math.max(gain, l1);
        }
        return gain;
    }

    @Test
    void int8WeightsExportAsDequantizeOfInt8InitializersAndMatchOrt() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 1)) {
            Path out = dir.resolve("q.onnx");
            List<ImageBatch> val = TestNets.batches(3, 16, 7, 1, 28, 28);
            ExportResult r = OnnxExporter.export(net, out, ExportOptions.of(1, 1, 28, 28), val, VerifyOptions.defaults());
            ModelProto m = OnnxChecker.read(out);
            OnnxChecker.check(m, out.toString());
            // 4 activation quantizers (conv1, conv2, avgpool, fc inputs) -> Q + DQ; 3 weight quantizers -> DQ only
            assertThat(r.quantizers()).isEqualTo(7);
            assertThat(count(m, "QuantizeLinear")).isEqualTo(4).isEqualTo(r.quantizeLinear());
            assertThat(count(m, "DequantizeLinear")).isEqualTo(7).isEqualTo(r.dequantizeLinear());
            TensorProto w = init(m, "conv1.weight_quantized");
            assertThat(w.getDataType()).isEqualTo(TensorProto.DataType.INT8.getNumber());
            assertThat(w.getDimsList()).containsExactly(8L, 1L, 3L, 3L);
            assertThat(m.getGraph().getInitializerList()).noneMatch(t -> t.getName().equals("conv1.weight"));
            // scale = amax / 127, zero point int8 0, per-tensor scalars
            TensorQuantizer fq = net.quantizer("fc._input_quantizer");
            TensorProto s = init(m, "fc._input_quantizer.scale");
            assertThat(s.getDimsCount()).isZero();
            assertThat(OnnxVerifier.floats(s)[0]).isEqualTo(fq.amax()[0] / 127f);
            TensorProto z = init(m, "fc._input_quantizer.zero_point");
            assertThat(z.getDataType()).isEqualTo(TensorProto.DataType.INT8.getNumber());
            assertThat(z.getRawData().toByteArray()).containsExactly(0);
            // per-channel weight scale with axis 0
            NodeProto dq = m.getGraph().getNodeList().stream()
                    .filter(n -> n.getName().equals("conv1._weight_quantizer/DequantizeLinear")).findFirst().orElseThrow();
            assertThat(dq.getAttributeList()).anyMatch(a -> a.getName().equals("axis") && a.getI() == 0);
            assertThat(init(m, dq.getInput(1)).getDimsList()).containsExactly(8L);
            // verification ran and passed within 2 steps
            assertThat(r.verification().passed()).isTrue();
            assertThat(r.verification().maxDiffSteps()).isLessThanOrEqualTo(2.0);
            assertThat(r.verification().top1Agreement()).isGreaterThanOrEqualTo(0.99);
            ParityBound.assertWithin(r.verification(), List.of("conv1._input_quantizer", "conv2._input_quantizer",
                    "avgpool._input_quantizer", "fc._input_quantizer"));
            // the output step: the last quantizer's scale times the largest row L1 norm of the head's (quantized) weights
            assertThat(r.verification().step()).isCloseTo(fq.amax()[0] / 127f * headGain(net), org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
    }

    @Test
    void floatQdqWeightsStoreGridFloatsAndAgreeWithInt8Export() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 2)) {
            ExportedModel a = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28));
            ExportedModel b = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28).withWeightFormat(WeightFormat.FLOAT_QDQ));
            assertThat(count(b.proto(), "QuantizeLinear")).isEqualTo(7);
            assertThat(count(b.proto(), "DequantizeLinear")).isEqualTo(7);
            assertThat(b.proto().getSerializedSize()).isGreaterThan(a.proto().getSerializedSize());
            TensorProto wf = init(b.proto(), "conv2.weight");
            assertThat(wf.getDataType()).isEqualTo(TensorProto.DataType.FLOAT.getNumber());
            ImageBatch x = ImageBatch.random(5, 4, 1, 28, 28);
            try (OrtRunner ra = OrtRunner.open(a.toByteArray(), OrtOptions.defaults());
                 OrtRunner rb = OrtRunner.open(b.toByteArray(), OrtOptions.defaults())) {
                float[] ya = ra.run(x.data(), x.shape()).values();
                float[] yb = rb.run(x.data(), x.shape()).values();
                // identical integers in both files: ORT's QuantizeLinear of the grid floats recovers them
                assertThat(TestNets.maxDiff(ya, yb)).isLessThan(1e-4 * Math.max(1, TestNets.maxAbs(ya)));
            }
            Map<String, String> meta = b.proto().getMetadataPropsList().stream()
                    .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue()));
            assertThat(meta).containsEntry("quant4j.weight_format", "FLOAT_QDQ");
        }
    }

    @Test
    void fourBitWeightsAreInt8ValuesOnTheFourBitGridAndMatchOrt() {
        // W4A8: conv1's weights on [-8, 7] with scale amax / 7, written as int8 integers (exact)
        SelectiveQuantizer sq = TestNets.selective(true).registerQuantizationMapping(Set.of("conv1"),
                TestNets.conv(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL.withNumBits(4)));
        try (TestNets.QuantNet net = TestNets.quantNet(35, sq)) {
            TensorQuantizer wq = net.quantizer("conv1._weight_quantizer");
            assertThat(wq.grid().numBits()).isEqualTo(4);
            ExportedModel m = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28));
            TensorProto w = init(m.proto(), "conv1.weight_quantized");
            assertThat(w.getDataType()).isEqualTo(TensorProto.DataType.INT8.getNumber());
            byte[] q = w.getRawData().toByteArray();
            int channels = (int) w.getDims(0);
            int per = q.length / channels;
            for (int c = 0; c < channels; c++) {
                int lo = 0;
                int hi = 0;
                for (int i = c * per; i < (c + 1) * per; i++) {
                    lo = Math.min(lo, q[i]);
                    hi = Math.max(hi, q[i]);
                }
                // max calibration puts each channel's largest |w| on +-7 (the BN fold may flip its sign)
                assertThat(lo).as("channel %d", c).isGreaterThanOrEqualTo(-8);
                assertThat(hi).as("channel %d", c).isLessThanOrEqualTo(7);
                assertThat(Math.max(-lo, hi)).as("channel %d", c).isEqualTo(7);
            }
            VerificationReport r = OnnxVerifier.compare(net, m.proto(), m.toByteArray(),
                    TestNets.batches(2, 16, 9, 1, 28, 28), VerifyOptions.defaults());
            assertThat(r.passed()).as(r.summary()).isTrue();
        }
    }

    @Test
    void unsignedQuantizerUsesUint8ZeroPointAndScaleOver255() {
        // fc's input (pooled ReLU features) is non-negative: an unsigned quantizer, calibrated as such
        SelectiveQuantizer sq = TestNets.selective(true).registerQuantizationMapping(Set.of("fc"),
                DefaultMappings.table().get(io.quant4j.nn.Linear.class).withDescriptors(
                        QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM.withUnsigned(true), QuantDescriptor.INT8_LINEAR_WEIGHT_PER_ROW));
        try (TestNets.QuantNet net = TestNets.quantNet(3, sq)) {
            TensorQuantizer fq = net.quantizer("fc._input_quantizer");
            assertThat(fq.grid().unsigned()).isTrue();
            ExportedModel m = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28));
            TensorProto z = init(m.proto(), "fc._input_quantizer.zero_point");
            assertThat(z.getDataType()).isEqualTo(TensorProto.DataType.UINT8.getNumber());
            assertThat(OnnxVerifier.floats(init(m.proto(), "fc._input_quantizer.scale"))[0]).isEqualTo(fq.amax()[0] / 255f);
            VerificationReport r = OnnxVerifier.compare(net, m.proto(), m.toByteArray(),
                    TestNets.batches(2, 16, 9, 1, 28, 28), VerifyOptions.defaults());
            assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, List.of("fc._input_quantizer"));
        }
    }

    /** conv -> quantizer as the very last op: the output is a DequantizeLinear and diffs are in its steps. */
    static final class ConvThenQuant extends io.quant4j.nn.Module {
        ConvThenQuant() {
            register("conv", new io.quant4j.nn.Conv2d(1, 3, 3, 1, 1, true));
            register("out_quantizer", new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM));
        }

        @Override
        protected io.quant4j.tensor.Tensor forwardImpl(io.quant4j.tensor.Tensor x) {
            return children().get("out_quantizer").forward(children().get("conv").forward(x));
        }
    }

    @Test
    void quantizerAtTheOutputIsTheStepUnit() {
        io.quant4j.tensor.Engines.seed(12);
        try (ConvThenQuant m = new ConvThenQuant()) {
            List<ImageBatch> data = TestNets.batches(2, 4, 1, 1, 6, 6);
            TestNets.calibrate(m, 1, 1, 6, 6);
            ExportedModel e = OnnxExporter.toModel(m, ExportOptions.of(1, 1, 6, 6));
            List<NodeProto> nodes = e.proto().getGraph().getNodeList();
            assertThat(nodes.get(nodes.size() - 1).getOpType()).isEqualTo("DequantizeLinear");
            assertThat(nodes.get(nodes.size() - 1).getOutput(0)).isEqualTo("output");
            float amax = ((TensorQuantizer) m.get("out_quantizer")).amax()[0];
            assertThat(OnnxVerifier.outputStep(e.proto())).isEqualTo(amax / 127f, org.assertj.core.data.Offset.offset(1e-9));
            VerificationReport r = OnnxVerifier.compare(m, e.proto(), e.toByteArray(), data, VerifyOptions.defaults());
            assertThat(r.passed()).as(r.summary()).isTrue();
            assertThat(r.maxDiffSteps()).isLessThanOrEqualTo(1.0);
            ParityBound.assertWithin(r, List.of("out_quantizer"));
        }
    }

    @Test
    void exportRestoresTrainingFlagsAndLeavesBatchNormStatisticsAlone() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 13)) {
            net.train();
            net.get("bn2").eval();
            io.quant4j.nn.BatchNorm2d bn1 = (io.quant4j.nn.BatchNorm2d) net.get("bn1");
            float[] before = bn1.runningMean().value().toFloatArray();
            long tracked = bn1.numBatchesTracked();
            OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28));
            assertThat(net.isTraining()).isTrue();
            assertThat(bn1.isTraining()).isTrue();
            assertThat(net.get("bn2").isTraining()).isFalse();
            assertThat(bn1.runningMean().value().toFloatArray()).containsExactly(before);
            assertThat(bn1.numBatchesTracked()).isEqualTo(tracked);
        }
    }
}
