package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OnnxCheckerTest {
    private static ModelProto valid;

    @BeforeAll
    static void export() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 41)) {
            valid = OnnxExporter.toModel(net, ExportOptions.of(1, 1, 28, 28)).proto();
        }
    }

    private static List<String> problemsAfter(UnaryOperator<GraphProto.Builder> edit) {
        ModelProto m = valid.toBuilder().setGraph(edit.apply(valid.getGraph().toBuilder())).build();
        return OnnxChecker.problems(m);
    }

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

    @Test
    void exportedModelIsClean() {
        assertThat(OnnxChecker.problems(valid)).isEmpty();
    }

    @Test
    void missingOrOldOpsetIsReported() {
        assertThat(OnnxChecker.problems(valid.toBuilder().clearOpsetImport().build()))
                .anyMatch(p -> p.contains("no opset import"));
        ModelProto old = valid.toBuilder().setOpsetImport(0, valid.getOpsetImport(0).toBuilder().setVersion(10)).build();
        assertThat(OnnxChecker.problems(old)).anyMatch(p -> p.contains("< 13"));
    }

    @Test
    void undefinedInputAndOrderAreReported() {
        assertThat(problemsAfter(g -> g.setNode(3, g.getNode(3).toBuilder().setInput(0, "nowhere"))))
                .anyMatch(p -> p.contains("'nowhere' is not defined before use"));
        assertThat(problemsAfter(g -> {
            List<NodeProto> nodes = new ArrayList<>(g.getNodeList());
            Collections.reverse(nodes);
            return g.clearNode().addAllNode(nodes);
        })).anyMatch(p -> p.contains("not defined before use"));
    }

    @Test
    void duplicateNamesAreReported() {
        assertThat(problemsAfter(g -> g.setNode(1, g.getNode(1).toBuilder().setName(g.getNode(0).getName()))))
                .anyMatch(p -> p.contains("node name is not unique"));
        assertThat(problemsAfter(g -> g.setNode(1, g.getNode(1).toBuilder().setOutput(0, g.getNode(0).getOutput(0)))))
                .anyMatch(p -> p.contains("defined more than once"));
        assertThat(problemsAfter(g -> g.setNode(1, g.getNode(1).toBuilder().clearName())))
                .anyMatch(p -> p.contains("has no name"));
    }

    @Test
    void initializerDataMustMatchItsDims() {
        assertThat(problemsAfter(g -> {
            int i = initIndex(g, "fc.bias");
            return g.setInitializer(i, g.getInitializer(i).toBuilder().setDims(0, 11));
        })).anyMatch(p -> p.contains("fc.bias") && p.contains("need 11 values"));
        assertThat(problemsAfter(g -> g.addInitializer(TensorProto.newBuilder().setName("unused")
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(2).addFloatData(1).addFloatData(2))))
                .anyMatch(p -> p.contains("'unused' is never read"));
        assertThat(problemsAfter(g -> g.addInitializer(TensorProto.newBuilder().setName("input")
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).addFloatData(1))))
                .anyMatch(p -> p.contains("also a graph input"));
    }

    @Test
    void qdqTypesAreChecked() {
        // zero point of type int32 on QuantizeLinear
        assertThat(problemsAfter(g -> {
            int i = initIndex(g, "fc._input_quantizer.zero_point");
            return g.setInitializer(i, g.getInitializer(i).toBuilder().setDataType(TensorProto.DataType.INT32.getNumber())
                    .clearRawData().addInt32Data(0));
        })).anyMatch(p -> p.contains("zero point must be int8 or uint8"));
        // scale of type int64
        assertThat(problemsAfter(g -> {
            int i = initIndex(g, "fc._input_quantizer.scale");
            return g.setInitializer(i, TensorProto.newBuilder().setName("fc._input_quantizer.scale")
                    .setDataType(TensorProto.DataType.INT64.getNumber()).addInt64Data(1).build());
        })).anyMatch(p -> p.contains("scale must be float"));
        // DequantizeLinear of int8 data with a uint8 zero point
        assertThat(problemsAfter(g -> {
            int i = initIndex(g, "conv1._weight_quantizer.zero_point");
            return g.setInitializer(i, g.getInitializer(i).toBuilder().setDataType(TensorProto.DataType.UINT8.getNumber()));
        })).anyMatch(p -> p.contains("differs from the input type"));
        // a zero scale and a non-zero zero point
        assertThat(problemsAfter(g -> {
            int i = initIndex(g, "fc._input_quantizer.scale");
            return g.setInitializer(i, g.getInitializer(i).toBuilder().setRawData(ByteString.copyFrom(new byte[4])));
        })).anyMatch(p -> p.contains("not finite and > 0"));
        assertThat(problemsAfter(g -> {
            int i = initIndex(g, "fc._input_quantizer.zero_point");
            return g.setInitializer(i, g.getInitializer(i).toBuilder().setRawData(ByteString.copyFrom(new byte[] {3})));
        })).anyMatch(p -> p.contains("zero point is not 0"));
    }

    @Test
    void perAxisScalesMustFitTheAxis() {
        assertThat(problemsAfter(g -> {
            int n = nodeIndex(g, "conv1._weight_quantizer/DequantizeLinear");
            NodeProto dq = g.getNode(n);
            return g.setNode(n, dq.toBuilder().setAttribute(0, dq.getAttribute(0).toBuilder().setI(1)));
        })).anyMatch(p -> p.contains("8 scales for axis 1 of size 1"));
        assertThat(problemsAfter(g -> {
            int n = nodeIndex(g, "conv1._weight_quantizer/DequantizeLinear");
            return g.setNode(n, g.getNode(n).toBuilder().clearAttribute());
        })).anyMatch(p -> p.contains("per-tensor scale must be a scalar"));
    }

    @Test
    void outputsMustBeProduced() {
        assertThat(problemsAfter(g -> g.setOutput(0, g.getOutput(0).toBuilder().setName("ghost"))))
                .anyMatch(p -> p.contains("'ghost' is not produced"));
        assertThat(problemsAfter(g -> g.clearOutput())).anyMatch(p -> p.contains("no output"));
    }

    @Test
    void checkThrowsATypedErrorListingProblems() {
        ModelProto bad = valid.toBuilder().clearOpsetImport().build();
        assertThatThrownBy(() -> OnnxChecker.check(bad, "bad.onnx"))
                .isInstanceOfSatisfying(OnnxCheckException.class, e -> assertThat(e.problems()).isNotEmpty())
                .hasMessageContaining("bad.onnx");
        assertThatThrownBy(() -> OnnxChecker.parse(new byte[] {1, 2, 3, 4, 5}, "junk"))
                .isInstanceOf(OnnxCheckException.class);
    }

    /** Float16 Q/DQ: accepted from opset 19 on (the float16 export), reported below; QuantizeLinear's x and scale of one type. */
    @Test
    void float16QdqNeedsOpset19AndMatchingQuantizeTypes() {
        ModelProto half = Float16Pass.apply(valid).model();
        assertThat(half.getOpsetImport(0).getVersion()).isEqualTo(19);
        assertThat(OnnxChecker.problems(half)).isEmpty();
        ModelProto at17 = half.toBuilder().setOpsetImport(0, half.getOpsetImport(0).toBuilder().setVersion(17)).build();
        assertThat(OnnxChecker.problems(at17)).anyMatch(p -> p.contains("DequantizeLinear") && p.contains("scale must be float (float16"
                + " from opset 19)"));
        // QuantizeLinear reading the float16 scale the DequantizeLinear reads, with its float32 input
        GraphProto.Builder g = half.getGraph().toBuilder();
        int q = nodeIndex(g, "fc._input_quantizer/QuantizeLinear");
        g.setNode(q, g.getNode(q).toBuilder().setInput(1, "fc._input_quantizer.scale"));
        List<String> p = OnnxChecker.problems(half.toBuilder().setGraph(g).build());
        assertThat(p).anyMatch(s -> s.contains("fc._input_quantizer/QuantizeLinear") && s.contains("scale type 10 differs from the input"
                + " type 1"));
    }
}
