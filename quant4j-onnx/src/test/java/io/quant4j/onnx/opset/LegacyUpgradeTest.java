package io.quant4j.onnx.opset;

import static io.quant4j.onnx.opset.TinyModels.feed;
import static io.quant4j.onnx.opset.TinyModels.floats;
import static io.quant4j.onnx.opset.TinyModels.info;
import static io.quant4j.onnx.opset.TinyModels.node;
import static io.quant4j.onnx.opset.TinyModels.oneNode;
import static io.quant4j.onnx.opset.TinyModels.opTypes;
import static io.quant4j.onnx.opset.TinyModels.run;
import static io.quant4j.onnx.opset.TinyModels.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.quant4j.onnx.OrtTensorValue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Steps out of opsets 1 to 6, whose ops ONNX Runtime no longer runs: the upgraded model's
 * outputs are checked against the old op's definition, computed here element by element.
 */
class LegacyUpgradeTest {
    @Test
    void broadcastFromAnAxisGetsTrailingOnesForNumpyBroadcasting() {
        NodeProto n = node("add", "Add", List.of("a", "b"), List.of("y"), Attrs.of("broadcast", 1), Attrs.of("axis", 1),
                Attrs.ofInts("consumed_inputs", 0, 0));
        ModelProto m = oneNode(5, n, new long[][] {shape(2, 3, 4, 5), shape(3, 4)}, new long[][] {shape(2, 3, 4, 5)});
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(opTypes(up)).containsExactly("Unsqueeze", "Add");
        assertThat(up.getGraph().getNode(1).getAttributeCount()).isZero();
        OrtTensorValue a = floats(1, 2, 3, 4, 5);
        OrtTensorValue b = floats(2, 3, 4);
        double[] y = run(up, feed("a", a, "b", b)).get("y").values();
        for (int i = 0; i < y.length; i++) {
            int h = i / 5 % 4;
            int c = i / 20 % 3;
            assertThat(y[i]).isCloseTo(a.values()[i] + b.values()[c * 4 + h], within(1e-6));
        }
    }

    @Test
    void broadcastWithoutAxisIsNumpyAlready() {
        NodeProto n = node("mul", "Mul", List.of("a", "b"), List.of("y"), Attrs.of("broadcast", 1));
        ModelProto m = oneNode(6, n, new long[][] {shape(2, 3), shape(3)}, new long[][] {shape(2, 3)});
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(opTypes(up)).containsExactly("Mul");
        OrtTensorValue a = floats(3, 2, 3);
        OrtTensorValue b = floats(4, 3);
        double[] y = run(up, feed("a", a, "b", b)).get("y").values();
        for (int i = 0; i < 6; i++) {
            assertThat(y[i]).isCloseTo(a.values()[i] * b.values()[i % 3], within(1e-6));
        }
    }

    @Test
    void concat1DefaultAxisIsWrittenAndCast1TypeNameBecomesAnEnum() {
        NodeProto concat = node("cat", "Concat", List.of("a", "b"), List.of("c"));
        NodeProto cast = node("cast", "Cast", List.of("c"), List.of("y"), AttributeProto.newBuilder().setName("to")
                .setType(AttributeProto.AttributeType.STRING).setS(com.google.protobuf.ByteString.copyFromUtf8("INT32")).build());
        ModelProto m = TinyModels.model(1, List.of(concat, cast), List.of(info("a", DataType.FLOAT, 2, 1),
                info("b", DataType.FLOAT, 2, 2)), List.of(info("y", DataType.INT32, 2, 3)));
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(Attrs.i(up.getGraph().getNode(0), "axis", -9)).isEqualTo(1);
        assertThat(Attrs.i(up.getGraph().getNode(1), "to", -9)).isEqualTo(DataType.INT32_VALUE);
        OrtTensorValue a = floats(5, 2, 1);
        OrtTensorValue b = floats(6, 2, 2);
        double[] y = run(up, feed("a", a, "b", b)).get("y").values();
        double[] want = {a.values()[0], b.values()[0], b.values()[1], a.values()[1], b.values()[2], b.values()[3]};
        for (int i = 0; i < 6; i++) {
            assertThat(y[i]).isEqualTo((double) (int) want[i]);
        }
    }

    @Test
    void pad1PaddingsReshape1ShapeAndSplit1ConstantInputMoveToTheirNewPlaces() {
        NodeProto pad = node("pad", "Pad", List.of("x"), List.of("p"), Attrs.ofInts("paddings", 1, 0, 0, 2),
                Attrs.ofFloat("value", 2f));
        NodeProto reshape = node("rs", "Reshape", List.of("p"), List.of("r"), Attrs.ofInts("shape", 2, 8));
        NodeProto split = node("sp", "Split", List.of("r", "parts"), List.of("s0", "s1"), Attrs.of("axis", 0));
        ModelProto m = TinyModels.model(1, List.of(pad, reshape, split), List.of(info("x", DataType.FLOAT, 3, 2)),
                List.of(info("s0", DataType.FLOAT, 1, 8), info("s1", DataType.FLOAT, 1, 8)), Tensors.int64s("parts", 1, 1));
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(up.getGraph().getNodeList()).allMatch(x -> x.getAttributeList().stream()
                .noneMatch(a -> List.of("paddings", "pads", "value", "shape", "split").contains(a.getName())));
        OrtTensorValue x = floats(7, 3, 2);
        var out = run(up, feed("x", x));
        // padded to 4 x 4 (one row on top, two columns on the right, value 2), reshaped to 2 x 8, split in rows
        double[] padded = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                padded[i * 4 + j] = i >= 1 && j < 2 ? x.values()[(i - 1) * 2 + j] : 2;
            }
        }
        assertThat(out.get("s0").values()).containsExactly(java.util.Arrays.copyOfRange(padded, 0, 8));
        assertThat(out.get("s1").values()).containsExactly(java.util.Arrays.copyOfRange(padded, 8, 16));
    }

    @Test
    void batchNorm6InferenceLpPool1FloatPAndUpsample1ScalesBecomeTheirLaterForms() {
        NodeProto bn = node("bn", "BatchNormalization", List.of("x", "s", "b", "mean", "var"), List.of("y"),
                Attrs.of("is_test", 1), Attrs.of("spatial", 1), Attrs.ofInts("consumed_inputs", 0, 0, 0, 1, 1),
                Attrs.ofFloat("epsilon", 1e-3f));
        NodeProto up = node("up", "Upsample", List.of("y"), List.of("u"), Attrs.ofFloat("height_scale", 2f),
                Attrs.ofFloat("width_scale", 3f), Attrs.of("mode", "nearest"));
        NodeProto lp = node("lp", "GlobalLpPool", List.of("u"), List.of("z"), Attrs.ofFloat("p", 3f));
        ModelProto m = TinyModels.model(1, List.of(bn, up, lp), List.of(info("x", DataType.FLOAT, 1, 2, 2, 2)),
                List.of(info("z", DataType.FLOAT, 1, 2, 1, 1)), Tensors.floats("s", new float[] {1.5f, -0.5f}, 2),
                Tensors.floats("b", new float[] {0.1f, 0.2f}, 2), Tensors.floats("mean", new float[] {0.3f, -0.2f}, 2),
                Tensors.floats("var", new float[] {0.8f, 1.7f}, 2));
        ModelProto upgraded = OpsetUpgrade.to(m, 17);
        assertThat(opTypes(upgraded)).containsExactly("BatchNormalization", "Resize", "GlobalLpPool");
        assertThat(upgraded.getGraph().getNode(0).getAttributeList()).extracting(AttributeProto::getName).containsExactly("epsilon");
        assertThat(Attrs.get(upgraded.getGraph().getNode(2), "p").orElseThrow().getType()).isEqualTo(AttributeProto.AttributeType.INT);
        OrtTensorValue x = floats(8, 1, 2, 2, 2);
        double[] z = run(upgraded, feed("x", x)).get("z").values();
        double[][] stats = {{1.5, 0.1, 0.3, 0.8}, {-0.5, 0.2, -0.2, 1.7}};
        for (int c = 0; c < 2; c++) {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                float norm = (float) ((x.values()[c * 4 + i] - stats[c][2]) / Math.sqrt(stats[c][3] + 1e-3) * stats[c][0] + stats[c][1]);
                sum += 6 * Math.pow(Math.abs(norm), 3); // nearest 2 x 3 upsampling repeats each value 6 times
            }
            assertThat(z[c]).isCloseTo(Math.cbrt(sum), within(1e-4 * Math.cbrt(sum)));
        }
    }
}
