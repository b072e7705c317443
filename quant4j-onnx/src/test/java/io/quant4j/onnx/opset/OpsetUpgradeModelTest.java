package io.quant4j.onnx.opset;

import static io.quant4j.onnx.opset.TinyModels.assertSameOutputs;
import static io.quant4j.onnx.opset.TinyModels.feed;
import static io.quant4j.onnx.opset.TinyModels.floats;
import static io.quant4j.onnx.opset.TinyModels.info;
import static io.quant4j.onnx.opset.TinyModels.node;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import io.quant4j.onnx.OnnxChecker;
import io.quant4j.onnx.OrtTensorValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model-level behaviour: imports, IR, names, value_info, metadata, other domains, subgraphs, the step table. */
class OpsetUpgradeModelTest {
    @Test
    void keepsNamesValueInfoMetadataAndOtherDomainsAndRaisesImportAndIr() {
        NodeProto sq = node("sq", "Squeeze", List.of("x"), List.of("s"), Attrs.ofInts("axes", 0));
        NodeProto drop = node("drop", "Dropout", List.of("s"), List.of("y", "mask"));
        NodeProto ext = NodeProto.newBuilder().setName("ext").setOpType("Gelu").setDomain("com.microsoft").addInput("y").addOutput("z").build();
        ModelProto m = TinyModels.model(9, List.of(sq, drop, ext), List.of(info("x", DataType.FLOAT, 1, 3)),
                List.of(info("z", DataType.FLOAT, 3)), Tensors.floats("sq/axes", new float[] {0}, 1));
        m = m.toBuilder().setIrVersion(3)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("author").setValue("paddle"))
                .setGraph(m.getGraph().toBuilder().addValueInfo(info("s", DataType.FLOAT, 3)).addValueInfo(info("mask", DataType.BOOL, 3))
                        .addInput(info("sq/axes", DataType.FLOAT, 1)))
                .build();
        ModelProto up = OpsetUpgrade.to(m, 13);
        assertThat(up.getIrVersion()).isEqualTo(7);
        assertThat(up.getOpsetImportList()).extracting(o -> o.getDomain() + ":" + o.getVersion()).containsExactly(":13", "com.microsoft:1");
        assertThat(up.getMetadataPropsList()).isEqualTo(m.getMetadataPropsList());
        assertThat(up.getGraph().getNodeList()).extracting(NodeProto::getName).containsExactly("sq", "drop", "ext");
        assertThat(up.getGraph().getNode(2)).isEqualTo(ext);
        assertThat(up.getGraph().getNode(0).getInputList()).containsExactly("x", "sq/axes_1");
        assertThat(up.getGraph().getNode(1).getOutputList()).containsExactly("y");
        assertThat(up.getGraph().getValueInfoList()).extracting(ValueInfoProto::getName).containsExactly("s");
        // IR 3 listed the (constant) initializer among the inputs; from IR 4 on it would be an overridable input
        assertThat(up.getGraph().getInputList()).extracting(ValueInfoProto::getName).containsExactly("x");
        assertThat(up.getGraph().getOutputList()).isEqualTo(m.getGraph().getOutputList());
    }

    @Test
    void subgraphNodesAreUpgradedWithTheirHelpersInTheSubgraph() {
        GraphProto thenBranch = TinyModels.graph(List.of(node("t_sq", "Squeeze", List.of("x"), List.of("t_y"), Attrs.ofInts("axes", 0))),
                List.of(), List.of(info("t_y", DataType.FLOAT, 3)));
        GraphProto elseBranch = TinyModels.graph(List.of(node("e_sm", "Softmax", List.of("x"), List.of("e_s"), Attrs.of("axis", 0)),
                        node("e_sq", "Squeeze", List.of("e_s"), List.of("e_y"), Attrs.ofInts("axes", 0))),
                List.of(), List.of(info("e_y", DataType.FLOAT, 3)));
        NodeProto iff = node("if", "If", List.of("c"), List.of("y"),
                AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH).setG(thenBranch).build(),
                AttributeProto.newBuilder().setName("else_branch").setType(AttributeProto.AttributeType.GRAPH).setG(elseBranch).build());
        ModelProto m = TinyModels.model(11, List.of(iff), List.of(info("c", DataType.BOOL), info("x", DataType.FLOAT, 1, 3)),
                List.of(info("y", DataType.FLOAT, 3)));
        ModelProto up = OpsetUpgrade.to(m, 13);
        GraphProto t = Attrs.get(up.getGraph().getNode(0), "then_branch").orElseThrow().getG();
        GraphProto e = Attrs.get(up.getGraph().getNode(0), "else_branch").orElseThrow().getG();
        assertThat(t.getNode(0).getInputList()).containsExactly("x", "t_sq/axes");
        assertThat(t.getInitializerList()).extracting(x -> x.getName()).containsExactly("t_sq/axes");
        assertThat(e.getNodeList()).extracting(NodeProto::getOpType).containsExactly("Shape", "Flatten", "Softmax", "Reshape", "Squeeze");
        assertThat(up.getGraph().getInitializerCount()).isZero();
        for (double c : new double[] {0, 1}) {
            OrtTensorValue cond = new OrtTensorValue(OnnxJavaType.BOOL, new long[0], new double[] {c});
            assertSameOutputs(m, up, feed("c", cond, "x", floats(3, 1, 3)));
        }
    }

    @Test
    void aModelAtTheTargetIsLeftAsItIsAndTheCheckerAcceptsUpgradedOnes() {
        NodeProto sm = node("sm", "Softmax", List.of("x"), List.of("y"), Attrs.of("axis", 1));
        ModelProto m13 = TinyModels.model(13, List.of(sm), List.of(info("x", DataType.FLOAT, 2, 3, 4)), List.of(info("y", DataType.FLOAT, 2, 3, 4)));
        assertThat(OpsetUpgrade.to(m13, 13)).isEqualTo(m13);
        ModelProto m11 = m13.toBuilder().setIrVersion(6).setOpsetImport(0, OperatorSetIdProto.newBuilder().setDomain("").setVersion(11)).build();
        ModelProto up = OpsetUpgrade.to(m11, 13);
        assertThat(OnnxChecker.problems(up)).isEmpty();
        assertThat(up.getGraph().getNodeCount()).isEqualTo(4);
    }

    /** Every version in the table from opset 2 to 17 has a rule, except the two refused on purpose. */
    @Test
    void everyStepOfTheTableHasARuleButTile6AndScan9() {
        OpVersions table = OpVersions.table();
        List<String> missing = new ArrayList<>();
        for (String op : allOps()) {
            int[] v = table.versions(op);
            for (int k = 1; k < v.length; k++) {
                if (StepRules.rule(op, v[k]) == null) {
                    missing.add(op + "-" + v[k]);
                }
            }
        }
        assertThat(missing).containsExactlyInAnyOrder("Tile-6", "Scan-9");
    }

    private static List<String> allOps() {
        try (var in = OpVersions.class.getResourceAsStream("op-versions.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.substring(0, l.indexOf(':'))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
