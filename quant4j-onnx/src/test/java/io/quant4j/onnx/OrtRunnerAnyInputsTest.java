package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OrtRunner.openAny/runAll feed several inputs of any numeric type and read every output. */
class OrtRunnerAnyInputsTest {
    static ValueInfoProto info(String name, DataType type, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDimBuilder().setDimValue(d);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(s))).build();
    }

    /** y = Gather(data, idx) (float), s = Shape(y) (int64), b = Greater(data, 0.5)... as Not(flag) (bool). */
    static ModelProto gatherModel() {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addNode(NodeProto.newBuilder().setName("gather").setOpType("Gather").addInput("data").addInput("idx").addOutput("y"))
                .addNode(NodeProto.newBuilder().setName("shape").setOpType("Shape").addInput("y").addOutput("s"))
                .addNode(NodeProto.newBuilder().setName("not").setOpType("Not").addInput("flag").addOutput("b"))
                .addInput(info("data", DataType.FLOAT, 3, 2)).addInput(info("idx", DataType.INT64, 2))
                .addInput(info("flag", DataType.BOOL, 2))
                .addOutput(info("y", DataType.FLOAT, 2, 2)).addOutput(info("s", DataType.INT64, 2))
                .addOutput(info("b", DataType.BOOL, 2)).build();
        return ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
    }

    @Test
    void feedsInt64AndBoolInputsAndReadsEveryOutput() {
        Map<String, OrtTensorValue> in = new LinkedHashMap<>();
        in.put("data", new OrtTensorValue(OnnxJavaType.FLOAT, new long[] {3, 2}, new double[] {1, 2, 3, 4, 5, 6}));
        in.put("idx", new OrtTensorValue(OnnxJavaType.INT64, new long[] {2}, new double[] {2, 0}));
        in.put("flag", new OrtTensorValue(OnnxJavaType.BOOL, new long[] {2}, new double[] {1, 0}));
        try (OrtRunner r = OrtRunner.openAny(gatherModel().toByteArray(), OrtOptions.defaults().withThreads(1))) {
            assertThat(r.inputNames()).containsExactly("data", "idx", "flag");
            Map<String, OrtTensorValue> out = r.runAll(in);
            assertThat(out.keySet()).containsExactly("y", "s", "b");
            assertThat(out.get("y").values()).containsExactly(5, 6, 1, 2);
            assertThat(out.get("y").type()).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(out.get("s").values()).containsExactly(2, 2);
            assertThat(out.get("s").type()).isEqualTo(OnnxJavaType.INT64);
            assertThat(out.get("b").values()).containsExactly(0, 1);
        }
    }

    @Test
    void openStillRefusesSeveralInputsAndValuesCheckTheirShape() {
        assertThatThrownBy(() -> OrtRunner.open(gatherModel().toByteArray(), OrtOptions.defaults()))
                .isInstanceOf(OnnxRuntimeException.class).hasMessageContaining("one input");
        assertThatThrownBy(() -> new OrtTensorValue(OnnxJavaType.FLOAT, new long[] {2, 2}, new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 4 values, found 3");
        assertThat(OrtTensorValue.feedable(OnnxJavaType.STRING)).isFalse();
        assertThat(List.of(OnnxJavaType.INT64, OnnxJavaType.BOOL)).allMatch(OrtTensorValue::feedable);
    }
}
