package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.quantization.TensorQuantizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {
    private static final ExportOptions OPTS = ExportOptions.of(1, 1, 28, 28);

    private static long count(ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    private static TensorProto init(ModelProto m, String name) {
        return m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    private static float[] ort(ExportedModel m, ImageBatch x) {
        try (OrtRunner r = OrtRunner.open(m.toByteArray(), OrtOptions.defaults())) {
            return r.run(x.data(), x.shape()).values();
        }
    }

    @Test
    void foldedAndUnfoldedQuantizedGraphsAgreeWithinOneStep() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 21)) {
            ExportedModel folded = OnnxExporter.toModel(net, OPTS);
            ExportedModel unfolded = OnnxExporter.toModel(net, OPTS.withFoldBatchNorm(false));
            assertThat(count(folded.proto(), "BatchNormalization")).isZero();
            assertThat(count(unfolded.proto(), "BatchNormalization")).isEqualTo(2);
            assertThat(folded.result().foldedBatchNorms()).isEqualTo(2);
            assertThat(folded.result().notes()).isEmpty();
            double step = OnnxVerifier.outputStep(folded.proto());
            assertThat(step).isEqualTo(OnnxVerifier.outputStep(unfolded.proto())).isPositive();
            for (ImageBatch x : TestNets.batches(3, 16, 50, 1, 28, 28)) {
                assertThat(TestNets.maxDiff(ort(folded, x), ort(unfolded, x)) / step).isLessThanOrEqualTo(1.0);
            }
            for (ExportedModel m : List.of(folded, unfolded)) {
                VerificationReport r = OnnxVerifier.compare(net, m.proto(), m.toByteArray(),
                        TestNets.batches(2, 16, 60, 1, 28, 28), VerifyOptions.defaults());
                assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, List.of("conv1._input_quantizer", "conv2._input_quantizer"));
            }
        }
    }

    @Test
    void foldingKeepsTheIntegersAndScalesAmaxByAbsGamma() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 22)) {
            ModelProto f = OnnxExporter.toModel(net, OPTS).proto();
            ModelProto u = OnnxExporter.toModel(net, OPTS.withFoldBatchNorm(false)).proto();
            byte[] qf = init(f, "conv2.weight_quantized").getRawData().toByteArray();
            byte[] qu = init(u, "conv2.weight_quantized").getRawData().toByteArray();
            float[] sf = OnnxVerifier.floats(init(f, "conv2._weight_quantizer.scale"));
            float[] amax = net.quantizer("conv2._weight_quantizer").amax();
            BatchNorm2d bn = (BatchNorm2d) net.get("bn2");
            float[] gamma = bn.weight().value().toFloatArray();
            float[] var = bn.runningVar().value().toFloatArray();
            int per = qf.length / 16;
            boolean sawNegative = false;
            for (int c = 0; c < 16; c++) {
                float g = (float) (gamma[c] / Math.sqrt((double) (var[c] + bn.eps())));
                sawNegative |= g < 0;
                for (int i = c * per; i < (c + 1) * per; i++) {
                    assertThat(qf[i]).isEqualTo((byte) (g < 0 ? -qu[i] : qu[i]));
                }
                assertThat(sf[c]).isEqualTo(amax[c] * Math.abs(g) / 127f);
            }
            assertThat(sawNegative).isTrue();
        }
    }

    @Test
    void floatQdqFoldMatchesInt8Fold() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 23)) {
            ExportedModel a = OnnxExporter.toModel(net, OPTS);
            ExportedModel b = OnnxExporter.toModel(net, OPTS.withWeightFormat(WeightFormat.FLOAT_QDQ));
            assertThat(count(b.proto(), "BatchNormalization")).isZero();
            ImageBatch x = ImageBatch.random(70, 16, 1, 28, 28);
            float[] ya = ort(a, x);
            assertThat(TestNets.maxDiff(ya, ort(b, x))).isLessThan(1e-4 * Math.max(1, TestNets.maxAbs(ya)));
        }
    }

    @Test
    void perTensorWeightQuantizerLeavesBatchNormWithANote() {
        try (TestNets.QuantNet net = TestNets.quantNet(false, 24)) {
            ExportedModel m = OnnxExporter.toModel(net, OPTS);
            assertThat(count(m.proto(), "BatchNormalization")).isEqualTo(2);
            assertThat(m.result().foldedBatchNorms()).isZero();
            assertThat(m.result().notes()).hasSize(2).allMatch(n -> n.contains("per-tensor"));
            VerificationReport r = OnnxVerifier.compare(net, m.proto(), m.toByteArray(),
                    TestNets.batches(2, 16, 80, 1, 28, 28), VerifyOptions.defaults());
            assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, List.of("conv1._input_quantizer", "conv2._input_quantizer"));
        }
    }

    @Test
    void minus128UnderANegativeGammaIsNotFolded() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 25)) {
            TensorQuantizer wq = net.quantizer("conv1._weight_quantizer");
            float[] amax = wq.amax();
            for (int c = 0; c < amax.length; c++) {
                amax[c] *= 0.5f;    // clip the weights: many channels now hold -128
            }
            wq.setAmax(amax);
            ExportedModel m = OnnxExporter.toModel(net, OPTS);
            assertThat(count(m.proto(), "BatchNormalization")).isEqualTo(1);
            assertThat(m.result().notes()).singleElement().asString().contains("bn1").contains("outside the grid");
            VerificationReport r = OnnxVerifier.compare(net, m.proto(), m.toByteArray(),
                    TestNets.batches(2, 16, 90, 1, 28, 28), VerifyOptions.defaults());
            assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, List.of("conv1._input_quantizer", "conv2._input_quantizer"));
        }
    }
}
