package io.quant4j.onnx.opset;

import static io.quant4j.onnx.opset.TinyModels.info;
import static io.quant4j.onnx.opset.TinyModels.node;
import static io.quant4j.onnx.opset.TinyModels.oneNode;
import static io.quant4j.onnx.opset.TinyModels.shape;
import static io.quant4j.onnx.opset.TinyModels.unshaped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the upgrade cannot convert is refused, naming node, op and both opsets, never passed through. */
class OpsetUpgradeRefusalTest {
    static OpsetUpgradeException refusal(ModelProto m, int target) {
        try {
            OpsetUpgrade.to(m, target);
        } catch (OpsetUpgradeException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void tile1WhoseInputsChangedMeaningIsRefused() {
        NodeProto n = node("tile_0", "Tile", List.of("x", "tiles", "axis"), List.of("y"));
        ModelProto m = TinyModels.model(5, List.of(n), List.of(info("x", DataType.FLOAT, 2, 3),
                info("tiles", DataType.INT64), info("axis", DataType.INT64)), List.of(unshaped("y", DataType.FLOAT)));
        OpsetUpgradeException e = refusal(m, 13);
        assertThat(e.node()).isEqualTo("tile_0");
        assertThat(e.opType()).isEqualTo("Tile");
        assertThat(e.fromOpset()).isEqualTo(5);
        assertThat(e.toOpset()).isEqualTo(13);
        assertThat(e.getMessage()).contains("graph 'g': node 'tile_0' (Tile) cannot go from opset 5 to opset 13",
                "Tile-1 to Tile-6", "Re-export the model at opset 6 or newer");
    }

    @Test
    void unknownAndExperimentalOpsAreRefused() {
        NodeProto n = node("", "ImageScaler", List.of("x"), List.of("y"), Attrs.ofFloat("scale", 2f));
        ModelProto m = oneNode(8, n, new long[][] {shape(1, 3, 2, 2)}, new long[][] {shape(1, 3, 2, 2)});
        assertThat(refusal(m, 13).getMessage()).contains("node '#0' (ImageScaler) cannot go from opset 8 to opset 13",
                "op type 'ImageScaler', which no opset up to 17 defines");
    }

    @Test
    void opsUsedBeforeTheyExistOrAfterTheirDeprecationAreRefused() {
        NodeProto resize = node("r", "Resize", List.of("x", "s"), List.of("y"));
        ModelProto early = TinyModels.model(9, List.of(resize), List.of(info("x", DataType.FLOAT, 1, 1, 2, 2),
                info("s", DataType.FLOAT, 4)), List.of(unshaped("y", DataType.FLOAT)));
        assertThat(refusal(early, 13).getMessage()).contains("Resize at an opset >= 10", "a model at opset 9");
        NodeProto upsample = node("u", "Upsample", List.of("x", "s"), List.of("y"));
        ModelProto late = TinyModels.model(10, List.of(upsample), List.of(info("x", DataType.FLOAT, 1, 1, 2, 2),
                info("s", DataType.FLOAT, 4)), List.of(unshaped("y", DataType.FLOAT)));
        assertThat(refusal(late, 13).getMessage()).contains("deprecated", "Upsample: Resize");
    }

    @Test
    void trainingFormsAreRefused() {
        NodeProto bn = node("bn", "BatchNormalization", List.of("x", "s", "b", "m", "v"), List.of("y"), Attrs.of("is_test", 0));
        ModelProto training = TinyModels.model(6, List.of(bn), List.of(info("x", DataType.FLOAT, 1, 2, 2, 2),
                info("s", DataType.FLOAT, 2), info("b", DataType.FLOAT, 2), info("m", DataType.FLOAT, 2), info("v", DataType.FLOAT, 2)),
                List.of(info("y", DataType.FLOAT, 1, 2, 2, 2)));
        assertThat(refusal(training, 13).getMessage()).contains("is_test = 1 (inference)", "found is_test = 0");
        NodeProto bn9 = node("bn", "BatchNormalization", List.of("x", "s", "b", "m", "v"), List.of("y", "mean_out"));
        ModelProto withStats = TinyModels.model(9, List.of(bn9), training.getGraph().getInputList(),
                List.of(info("y", DataType.FLOAT, 1, 2, 2, 2), info("mean_out", DataType.FLOAT, 2)));
        assertThat(refusal(withStats, 17).getMessage()).contains("BatchNormalization-9 -> BatchNormalization-14",
                "output 'mean_out' read by the graph");
        NodeProto dropout = node("d", "Dropout", List.of("x"), List.of("y", "mask"));
        ModelProto mask = TinyModels.model(9, List.of(dropout), List.of(info("x", DataType.FLOAT, 2)),
                List.of(info("y", DataType.FLOAT, 2), info("mask", DataType.FLOAT, 2)));
        assertThat(refusal(mask, 13).getMessage()).contains("mask output (its type becomes BOOL at opset 10)");
    }

    @Test
    void clipOfAnUntypedValueAndBroadcastOfUnknownRanksAreRefused() {
        NodeProto relu = node("relu", "Relu", List.of("x"), List.of("r"));
        NodeProto custom = NodeProto.newBuilder().setName("ext").setOpType("Mystery").setDomain("com.example")
                .addInput("r").addOutput("m").build();
        NodeProto clip = node("clip", "Clip", List.of("m"), List.of("y"), Attrs.ofFloat("max", 6f));
        ModelProto m = TinyModels.model(9, List.of(relu, custom, clip), List.of(info("x", DataType.FLOAT, 4)),
                List.of(unshaped("y", DataType.FLOAT)));
        m = m.toBuilder().addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1)).build();
        assertThat(refusal(m, 13).getMessage()).contains("node 'clip' (Clip)", "element type of input 'm'", "value_info");
        NodeProto add = node("add", "Add", List.of("a", "b"), List.of("y"), Attrs.of("broadcast", 1), Attrs.of("axis", 1));
        ModelProto bc = oneNode(6, add, new long[][] {null, shape(3)}, new long[][] {null});
        assertThat(refusal(bc, 13).getMessage()).contains("known ranks of A and B");
    }

    @Test
    void targetsOutOfRangeFunctionsAndModelsWithoutTheDefaultDomainAreRefused() {
        NodeProto n = node("r", "Relu", List.of("x"), List.of("y"));
        ModelProto m = oneNode(13, n, new long[][] {shape(2)}, new long[][] {shape(2)});
        assertThatThrownBy(() -> OpsetUpgrade.to(m, 12)).isInstanceOf(OpsetUpgradeException.class)
                .hasMessageContaining("the model cannot go from opset 13 to opset 12").hasMessageContaining("downgrades");
        assertThatThrownBy(() -> OpsetUpgrade.to(m, 18)).hasMessageContaining("Ask for opset 17 or lower");
        ModelProto f = m.toBuilder().addFunctions(FunctionProto.newBuilder().setName("helper").setDomain("local")).build();
        assertThatThrownBy(() -> OpsetUpgrade.to(f, 17)).hasMessageContaining("1 functions (first 'helper')");
        ModelProto none = m.toBuilder().clearOpsetImport().build();
        assertThatThrownBy(() -> OpsetUpgrade.to(none, 13)).hasMessageContaining("the model cannot be upgraded")
                .hasMessageContaining("an opset_import for the default ONNX domain");
    }
}
