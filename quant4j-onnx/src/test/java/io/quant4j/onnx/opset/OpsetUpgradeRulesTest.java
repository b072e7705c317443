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
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxJavaType;
import io.quant4j.onnx.OrtTensorValue;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each rewriting rule on a one-node model that ONNX Runtime runs at its original opset: the
 * upgraded model (opsets 13 and 17) gives the original's outputs, and the node has the new form.
 */
class OpsetUpgradeRulesTest {
    @ParameterizedTest
    @ValueSource(ints = {13, 17})
    void sliceAttributesBecomeInt64Inputs(int target) {
        NodeProto n = node("s", "Slice", List.of("x"), List.of("y"), Attrs.ofInts("starts", 1, -3), Attrs.ofInts("ends", 3, 100),
                Attrs.ofInts("axes", 0, 2));
        ModelProto m = oneNode(9, n, new long[][] {shape(4, 5, 6)}, new long[][] {shape(2, 5, 3)});
        ModelProto up = OpsetUpgrade.to(m, target);
        NodeProto s = up.getGraph().getNode(0);
        assertThat(s.getName()).isEqualTo("s");
        assertThat(s.getAttributeCount()).isZero();
        assertThat(s.getInputList()).containsExactly("x", "s/starts", "s/ends", "s/axes");
        assertThat(Tensors.longs(up.getGraph().getInitializer(1))).containsExactly(3, 100);
        assertSameOutputs(m, up, feed("x", floats(1, 4, 5, 6)));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 17})
    void topKAttributeBecomesAnInput(int target) {
        NodeProto n = node("t", "TopK", List.of("x"), List.of("v", "i"), Attrs.of("k", 3), Attrs.of("axis", 1));
        ModelProto m = TinyModels.model(9, List.of(n), List.of(TinyModels.info("x", DataType.FLOAT, 2, 5)),
                List.of(TinyModels.info("v", DataType.FLOAT, 2, 3),
                        TinyModels.info("i", DataType.INT64, 2, 3)));
        ModelProto up = OpsetUpgrade.to(m, target);
        assertThat(up.getGraph().getNode(0).getInputList()).containsExactly("x", "t/k");
        assertSameOutputs(m, up, feed("x", floats(2, 2, 5)));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 17})
    void clipBoundsBecomeTypedInputsAndKeepClip6sDefaults(int target) {
        NodeProto n = node("c", "Clip", List.of("x"), List.of("y"), Attrs.ofFloat("max", 0.5f));
        ModelProto m = oneNode(9, n, new long[][] {shape(8)}, new long[][] {shape(8)});
        ModelProto up = OpsetUpgrade.to(m, target);
        assertThat(up.getGraph().getNode(0).getInputList()).containsExactly("x", "c/min", "c/max");
        OrtTensorValue x = new OrtTensorValue(OnnxJavaType.FLOAT, new long[] {8},
                new double[] {Double.NEGATIVE_INFINITY, -3e38, -1, 0, 0.25, 0.75, 3e38, Double.POSITIVE_INFINITY});
        assertSameOutputs(m, up, feed("x", x));
    }

    @ParameterizedTest
    @ValueSource(strings = {"constant", "reflect", "edge"})
    void padAttributesBecomeInputs(String mode) {
        NodeProto n = node("p", "Pad", List.of("x"), List.of("y"), Attrs.ofInts("pads", 0, 1, 2, 0, 2, 1),
                Attrs.of("mode", mode), Attrs.ofFloat("value", 1.5f));
        ModelProto m = oneNode(9, n, new long[][] {shape(2, 3, 4)}, new long[][] {shape(2, 6, 7)});
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(up.getGraph().getNode(0).getInputCount()).isEqualTo(mode.equals("constant") ? 3 : 2);
        assertSameOutputs(m, up, feed("x", floats(3, 2, 3, 4)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Squeeze", "Unsqueeze", "ReduceSum", "ReduceMean"})
    void axesBecomeAnInputForSqueezeUnsqueezeAndReduceSumOnly(String op) {
        long[] in = op.equals("Unsqueeze") ? shape(3, 4) : shape(3, 1, 4);
        long[] out = switch (op) {
            case "Squeeze" -> shape(3, 4);
            case "Unsqueeze" -> shape(3, 1, 4, 1);
            default -> shape(3, 1, 1);
        };
        long[] axes = op.equals("Unsqueeze") ? new long[] {1, -1} : op.equals("Squeeze") ? new long[] {1} : new long[] {-1};
        NodeProto n = node("r", op, List.of("x"), List.of("y"), Attrs.ofInts("axes", axes));
        ModelProto m = oneNode(11, n, new long[][] {in}, new long[][] {out});
        ModelProto up = OpsetUpgrade.to(m, 13);
        boolean moved = !op.equals("ReduceMean");
        assertThat(Attrs.has(up.getGraph().getNode(0), "axes")).isEqualTo(!moved);
        assertThat(up.getGraph().getNode(0).getInputCount()).isEqualTo(moved ? 2 : 1);
        assertSameOutputs(m, up, feed("x", floats(4, in)));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 17})
    void splitAttributeBecomesAnInput(int target) {
        NodeProto n = node("s", "Split", List.of("x"), List.of("a", "b"), Attrs.of("axis", 1), Attrs.ofInts("split", 2, 4));
        ModelProto m = oneNode(11, n, new long[][] {shape(3, 6)}, new long[][] {shape(3, 2), shape(3, 4)});
        ModelProto up = OpsetUpgrade.to(m, target);
        assertThat(up.getGraph().getNode(0).getInputList()).containsExactly("x", "s/split");
        assertSameOutputs(m, up, feed("x", floats(5, 3, 6)));
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 9})
    void dropoutKeepsItsOutputAndAnUnreadMaskIsDropped(int opset) {
        NodeProto n = node("d", "Dropout", List.of("x"), List.of("y", "mask"), Attrs.ofFloat("ratio", 0.3f));
        ModelProto m = oneNode(opset, n, new long[][] {shape(2, 3)}, new long[][] {shape(2, 3)});
        ModelProto up = OpsetUpgrade.to(m, 13);
        NodeProto d = up.getGraph().getNode(0);
        assertThat(d.getOutputList()).containsExactly("y");
        assertThat(d.getInputList()).containsExactly("x", "d/ratio");
        assertSameOutputs(m, up, feed("x", floats(6, 2, 3)));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 17})
    void scatterBecomesScatterElements(int target) {
        NodeProto n = node("s", "Scatter", List.of("x", "i", "u"), List.of("y"), Attrs.of("axis", 1));
        ModelProto m = TinyModels.model(9, List.of(n), List.of(
                        TinyModels.info("x", DataType.FLOAT, 2, 4),
                        TinyModels.info("i", DataType.INT64, 2, 2),
                        TinyModels.info("u", DataType.FLOAT, 2, 2)),
                List.of(TinyModels.info("y", DataType.FLOAT, 2, 4)));
        ModelProto up = OpsetUpgrade.to(m, target);
        assertThat(opTypes(up)).containsExactly("ScatterElements");
        OrtTensorValue idx = new OrtTensorValue(OnnxJavaType.INT64, new long[] {2, 2}, new double[] {3, 0, 1, 2});
        assertSameOutputs(m, up, feed("x", floats(7, 2, 4), "i", idx, "u", floats(8, 2, 2)));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 17})
    void roiAlignKeepsItsOpset10CoordinateRule(int target) {
        NodeProto n = node("r", "RoiAlign", List.of("x", "rois", "idx"), List.of("y"), Attrs.of("output_height", 2),
                Attrs.of("output_width", 2), Attrs.of("sampling_ratio", 2));
        ModelProto m = TinyModels.model(10, List.of(n), List.of(
                        TinyModels.info("x", DataType.FLOAT, 1, 2, 6, 6),
                        TinyModels.info("rois", DataType.FLOAT, 2, 4),
                        TinyModels.info("idx", DataType.INT64, 2)),
                List.of(TinyModels.info("y", DataType.FLOAT, 2, 2, 2, 2)));
        ModelProto up = OpsetUpgrade.to(m, target);
        assertThat(Attrs.s(up.getGraph().getNode(0), "coordinate_transformation_mode", "absent"))
                .isEqualTo(target >= 16 ? "output_half_pixel" : "absent");
        OrtTensorValue rois = new OrtTensorValue(OnnxJavaType.FLOAT, new long[] {2, 4}, new double[] {0.5, 1, 4, 5.5, 1.2, 0.3, 3.7, 2.9});
        OrtTensorValue idx = new OrtTensorValue(OnnxJavaType.INT64, new long[] {2}, new double[] {0, 0});
        assertSameOutputs(m, up, feed("x", floats(9, 1, 2, 6, 6), "rois", rois, "idx", idx));
    }
}
