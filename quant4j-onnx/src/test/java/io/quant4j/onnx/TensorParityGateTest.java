package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verification gate checks every quantized tensor: errors of one level that the output
 * tolerance lets through fail it, naming the tensor.
 */
class TensorParityGateTest {
    private static final String Q = "conv2._input_quantizer";
    private static final List<ImageBatch> DATA = TestNets.batches(2, 16, 71, 1, 28, 28);

    private static int nodeIndex(GraphProto.Builder g, String name) {
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    private static int initIndex(GraphProto.Builder g, String name) {
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    private static VerificationReport verify(TestNets.QuantNet net, ModelProto m) {
        return OnnxVerifier.compare(net, m, m.toByteArray(), DATA, VerifyOptions.defaults());
    }

    /** The figures the output check looks at all hold: only the per-tensor check can fail the report. */
    private static void assertOutputWithinTolerance(VerificationReport r) {
        VerifyOptions o = VerifyOptions.defaults();
        assertThat(r.medianDiffSteps()).isLessThanOrEqualTo(o.maxDiffSteps());
        assertThat(r.maxDiffSteps()).isLessThanOrEqualTo(o.maxOutlierSteps());
        assertThat(r.top1Agreement()).isGreaterThanOrEqualTo(o.minTop1Agreement());
    }

    @Test
    void theExportedModelPassesWithEveryTensorCompared() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 70)) {
            VerificationReport r = verify(net, OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28)).proto());
            assertThat(r.passed()).as(r.summary()).isTrue();
            ParityBound.assertWithin(r, List.of("conv1._input_quantizer", Q, "avgpool._input_quantizer", "fc._input_quantizer"));
            assertThat(r.uncompared()).isEmpty();
            assertThat(r.toMap()).containsKeys("tensors", "max_tensor_mean_steps", "max_tensor_diff_fraction", "max_tensor_steps",
                    "uncompared_quantizers");
        }
    }

    @Test
    void aZeroPointOneLevelOffFailsAtItsTensor() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 72)) {
            ModelProto m = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28)).proto();
            GraphProto.Builder g = m.getGraph().toBuilder();
            int z = initIndex(g, Q + ".zero_point");
            assertThat(g.getInitializer(z).getRawData().byteAt(0)).isZero();
            g.setInitializer(z, g.getInitializer(z).toBuilder().setRawData(ByteString.copyFrom(new byte[] {1})));
            VerificationReport r = verify(net, m.toBuilder().setGraph(g).build());
            // Q and DQ share the zero point, so the values change only where they saturate: the output check cannot see it
            assertOutputWithinTolerance(r);
            assertThat(r.passed()).isFalse();
            assertThat(r.failure()).contains("'" + Q + "'").containsPattern("mean difference \\+(0\\.9|1\\.0)");
            assertThat(r.tensors()).filteredOn(t -> t.quantizer().equals(Q)).singleElement()
                    .satisfies(t -> assertThat(t.oneStepFraction()).isGreaterThan(0.9));
        }
    }

    @Test
    void roundingDownInsteadOfToNearestFailsAtItsTensor() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 73)) {
            ModelProto m = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28)).proto();
            GraphProto.Builder g = m.getGraph().toBuilder();
            float scale = OnnxVerifier.floats(g.getInitializer(initIndex(g, Q + ".scale")))[0];
            int qi = nodeIndex(g, Q + "/QuantizeLinear");
            NodeProto q = g.getNode(qi);
            // round(x / s - 0.5): rounding down, half a step below what the Java forward computes
            g.addInitializer(TensorProto.newBuilder().setName("half_step").setDataType(TensorProto.DataType.FLOAT.getNumber())
                    .addFloatData(scale / 2));
            g.setNode(qi, q.toBuilder().setInput(0, "shifted"));
            g.addNode(qi, NodeProto.newBuilder().setName("shift").setOpType("Sub").addInput(q.getInput(0)).addInput("half_step")
                    .addOutput("shifted"));
            VerificationReport r = verify(net, m.toBuilder().setGraph(g).build());
            assertThat(r.passed()).isFalse();
            assertThat(r.failure()).contains("'" + Q + "'").contains("mean difference -0.");
        }
    }

    @Test
    void aDequantizerWithAnotherZeroPointIsNamed() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 74)) {
            ModelProto m = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28)).proto();
            GraphProto.Builder g = m.getGraph().toBuilder();
            TensorProto zp = g.getInitializer(initIndex(g, Q + ".zero_point"));
            g.addInitializer(zp.toBuilder().setName("other_zero_point").setRawData(ByteString.copyFrom(new byte[] {1})));
            int dq = nodeIndex(g, Q + "/DequantizeLinear");
            g.setNode(dq, g.getNode(dq).toBuilder().setInput(2, "other_zero_point"));
            VerificationReport r = verify(net, m.toBuilder().setGraph(g).build());
            assertThat(r.passed()).isFalse();
            assertThat(r.failure()).contains("DequantizeLinear '" + Q + "/DequantizeLinear'").contains("another scale, zero point");
        }
    }
}
