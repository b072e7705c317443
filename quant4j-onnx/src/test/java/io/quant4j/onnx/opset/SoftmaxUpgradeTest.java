package io.quant4j.onnx.opset;

import static io.quant4j.onnx.opset.TinyModels.assertSameOutputs;
import static io.quant4j.onnx.opset.TinyModels.feed;
import static io.quant4j.onnx.opset.TinyModels.floats;
import static io.quant4j.onnx.opset.TinyModels.node;
import static io.quant4j.onnx.opset.TinyModels.oneNode;
import static io.quant4j.onnx.opset.TinyModels.opTypes;
import static io.quant4j.onnx.opset.TinyModels.shape;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Softmax, LogSoftmax and Hardmax before opset 13 normalize the input coerced to 2-D at their
 * axis; upgraded, they compute the same, rewritten (Flatten, op, Reshape) unless the axis is the
 * last one.
 */
class SoftmaxUpgradeTest {
    @ParameterizedTest(name = "{0} axis {1} rank known {2}")
    @CsvSource({"Softmax,1,true", "Softmax,0,true", "Softmax,2,true", "Softmax,-1,true", "Softmax,1,false",
            "Softmax,-1,false", "Softmax,-2,false", "LogSoftmax,1,true", "LogSoftmax,2,true", "Hardmax,1,true",
            "Hardmax,2,true", "Hardmax,1,false"})
    void keepsThePreOpset13Semantics(String op, int axis, boolean rankKnown) {
        NodeProto n = node("sm", op, List.of("x"), List.of("y"), Attrs.of("axis", axis));
        long[] s = shape(2, 3, 4);
        ModelProto m = oneNode(11, n, new long[][] {rankKnown ? s : null}, new long[][] {rankKnown ? s : null});
        ModelProto up = OpsetUpgrade.to(m, 13);
        boolean kept = axis == -1 || rankKnown && axis == 2;
        assertThat(opTypes(up)).containsExactlyElementsOf(kept ? List.of(op) : List.of("Shape", "Flatten", op, "Reshape"));
        NodeProto rewritten = up.getGraph().getNodeList().stream().filter(x -> x.getOpType().equals(op)).findFirst().orElseThrow();
        assertThat(rewritten.getName()).isEqualTo("sm");
        assertThat(up.getGraph().getNode(up.getGraph().getNodeCount() - 1).getOutput(0)).isEqualTo("y");
        assertThat(Attrs.i(rewritten, "axis", 99)).isEqualTo(kept ? axis : 1);
        assertSameOutputs(m, up, feed("x", floats(11, s)));
    }

    @ParameterizedTest
    @CsvSource({"Softmax", "Hardmax"})
    void defaultAxisOneOfARank2InputIsTheLastAxis(String op) {
        NodeProto n = node("sm", op, List.of("x"), List.of("y"));
        ModelProto m = oneNode(9, n, new long[][] {shape(3, 5)}, new long[][] {shape(3, 5)});
        ModelProto up = OpsetUpgrade.to(m, 17);
        assertThat(opTypes(up)).containsExactly(op);
        assertThat(Attrs.i(up.getGraph().getNode(0), "axis", 99)).isEqualTo(1);
        assertSameOutputs(m, up, feed("x", floats(12, 3, 5)));
    }
}
