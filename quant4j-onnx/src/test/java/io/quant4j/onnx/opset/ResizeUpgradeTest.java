package io.quant4j.onnx.opset;

import static io.quant4j.onnx.opset.TinyModels.assertSameOutputs;
import static io.quant4j.onnx.opset.TinyModels.feed;
import static io.quant4j.onnx.opset.TinyModels.floats;
import static io.quant4j.onnx.opset.TinyModels.node;
import static io.quant4j.onnx.opset.TinyModels.oneNode;
import static io.quant4j.onnx.opset.TinyModels.opTypes;
import static io.quant4j.onnx.opset.TinyModels.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Upsample (7, 9) and Resize-10 upgraded to Resize-13/17 compute what ONNX Runtime computes on the originals. */
class ResizeUpgradeTest {
    @ParameterizedTest
    @CsvSource({"nearest,13", "linear,13", "nearest,17", "linear,17"})
    void upsample9BecomesAnAsymmetricResize(String mode, int target) {
        NodeProto n = node("up", "Upsample", List.of("x", "scales"), List.of("y"), Attrs.of("mode", mode));
        ModelProto m = oneNode(9, n, new long[][] {shape(1, 2, 3, 4)}, new long[][] {shape(1, 2, 6, 12)},
                Tensors.floats("scales", new float[] {1, 1, 2, 3}, 4));
        ModelProto up = OpsetUpgrade.to(m, target);
        NodeProto r = up.getGraph().getNode(0);
        assertThat(r.getOpType()).isEqualTo("Resize");
        assertThat(r.getName()).isEqualTo("up");
        assertThat(r.getInputList()).containsExactly("x", "up/roi", "scales");
        assertThat(Attrs.s(r, "coordinate_transformation_mode", "")).isEqualTo("asymmetric");
        assertThat(Attrs.s(r, "nearest_mode", "none")).isEqualTo(mode.equals("nearest") ? "floor" : "none");
        assertSameOutputs(m, up, feed("x", floats(1, 1, 2, 3, 4)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nearest", "linear"})
    void upsample7ScalesAttributeBecomesAnInput(String mode) {
        NodeProto n = node("up", "Upsample", List.of("x"), List.of("y"), Attrs.of("mode", mode), Attrs.ofFloats("scales", 1, 1, 2, 2));
        ModelProto m = oneNode(7, n, new long[][] {shape(1, 1, 3, 3)}, new long[][] {shape(1, 1, 6, 6)});
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(opTypes(up)).containsExactly("Resize");
        assertSameOutputs(m, up, feed("x", floats(2, 1, 1, 3, 3)));
    }

    /** Resize-10 nearest floors when upsampling and rounds up when downsampling (ORT's opset-10 kernel). */
    @ParameterizedTest
    @CsvSource({"nearest,2.0,3.0,floor", "nearest,0.6,0.5,ceil", "nearest,0.75,1.0,ceil", "linear,2.0,1.5,none",
            "linear,0.6,0.7,none"})
    void resize10KeepsItsCoordinateAndRoundingRules(String mode, float sh, float sw, String nearest) {
        NodeProto n = node("rs", "Resize", List.of("x", "scales"), List.of("y"), Attrs.of("mode", mode));
        ModelProto m = oneNode(10, n, new long[][] {shape(1, 2, 5, 7)}, new long[][] {null},
                Tensors.floats("scales", new float[] {1, 1, sh, sw}, 4));
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(Attrs.s(up.getGraph().getNode(0), "nearest_mode", "none")).isEqualTo(nearest);
        assertSameOutputs(m, up, feed("x", floats(3, 1, 2, 5, 7)));
    }

    @org.junit.jupiter.api.Test
    void resize10NearestWithMixedOrComputedScalesIsRefused() {
        NodeProto n = node("rs", "Resize", List.of("x", "scales"), List.of("y"), Attrs.of("mode", "nearest"));
        ModelProto mixed = oneNode(10, n, new long[][] {shape(1, 2, 5, 7)}, new long[][] {null},
                Tensors.floats("scales", new float[] {1, 1, 2, 0.5f}, 4));
        assertThatThrownBy(() -> OpsetUpgrade.to(mixed, 13)).isInstanceOf(OpsetUpgradeException.class)
                .hasMessageContaining("node 'rs' (Resize) cannot go from opset 10 to opset 13")
                .hasMessageContaining("scales [1.0, 1.0, 2.0, 0.5]");
        ModelProto computed = TinyModels.model(10, List.of(n), List.of(TinyModels.info("x", DataType.FLOAT, 1, 2, 5, 7),
                TinyModels.info("scales", DataType.FLOAT, 4)), List.of(TinyModels.unshaped("y", DataType.FLOAT)));
        assertThatThrownBy(() -> OpsetUpgrade.to(computed, 13)).isInstanceOf(OpsetUpgradeException.class)
                .hasMessageContaining("constant scales").hasMessageContaining("computed in the graph");
    }

    @org.junit.jupiter.api.Test
    void upsampleWithComputedScalesIsNotRefusedSinceItsScalesAreAtLeastOne() {
        NodeProto n = node("up", "Upsample", List.of("x", "scales"), List.of("y"), Attrs.of("mode", "nearest"));
        ModelProto m = TinyModels.model(9, List.of(n), List.of(TinyModels.info("x", DataType.FLOAT, 1, 1, 2, 2),
                TinyModels.info("scales", DataType.FLOAT, 4)), List.of(TinyModels.unshaped("y", DataType.FLOAT)));
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(Attrs.s(up.getGraph().getNode(0), "nearest_mode", "")).isEqualTo("floor");
        io.quant4j.onnx.OrtTensorValue scales = new io.quant4j.onnx.OrtTensorValue(ai.onnxruntime.OnnxJavaType.FLOAT,
                new long[] {4}, new double[] {1, 1, 3, 2});
        assertSameOutputs(m, up, feed("x", floats(4, 1, 1, 2, 2), "scales", scales));
    }
}
