package io.quant4j.onnx.opset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.onnx.OrtTensorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small hand-built models for the upgrade tests, and running them in ONNX Runtime. */
final class TinyModels {
    private TinyModels() {}

    static ValueInfoProto info(String name, DataType type, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDimBuilder().setDimValue(d);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(s))).build();
    }

    /** A typed value without a shape (its rank unknown). */
    static ValueInfoProto unshaped(String name, DataType type) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()))).build();
    }

    static NodeProto node(String name, String op, List<String> ins, List<String> outs, AttributeProto... attrs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(ins).addAllOutput(outs)
                .addAllAttribute(Arrays.asList(attrs)).build();
    }

    static GraphProto graph(List<NodeProto> nodes, List<ValueInfoProto> ins, List<ValueInfoProto> outs, TensorProto... inits) {
        return GraphProto.newBuilder().setName("g").addAllNode(nodes).addAllInput(ins).addAllOutput(outs)
                .addAllInitializer(Arrays.asList(inits)).build();
    }

    static ModelProto model(int opset, List<NodeProto> nodes, List<ValueInfoProto> ins, List<ValueInfoProto> outs,
                            TensorProto... inits) {
        return ModelProto.newBuilder().setIrVersion(OpsetUpgrade.irVersionFor(opset)).setProducerName("quant4j-test")
                .setGraph(graph(nodes, ins, outs, inits))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    /** A one-node model: inputs and outputs float of the given shapes (null shape: unknown rank). */
    static ModelProto oneNode(int opset, NodeProto n, long[][] inShapes, long[][] outShapes, TensorProto... inits) {
        List<ValueInfoProto> ins = new ArrayList<>();
        for (int k = 0; k < inShapes.length; k++) {
            ins.add(inShapes[k] == null ? unshaped(n.getInput(k), DataType.FLOAT) : info(n.getInput(k), DataType.FLOAT, inShapes[k]));
        }
        List<ValueInfoProto> outs = new ArrayList<>();
        for (int k = 0; k < outShapes.length; k++) {
            outs.add(outShapes[k] == null ? unshaped(n.getOutput(k), DataType.FLOAT) : info(n.getOutput(k), DataType.FLOAT, outShapes[k]));
        }
        return model(opset, List.of(n), ins, outs, inits);
    }

    static OrtTensorValue floats(long seed, long... shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return new OrtTensorValue(OnnxJavaType.FLOAT, shape, v);
    }

    static Map<String, OrtTensorValue> feed(Object... nameValue) {
        Map<String, OrtTensorValue> m = new LinkedHashMap<>();
        for (int k = 0; k < nameValue.length; k += 2) {
            m.put((String) nameValue[k], (OrtTensorValue) nameValue[k + 1]);
        }
        return m;
    }

    static Map<String, OrtTensorValue> run(ModelProto m, Map<String, OrtTensorValue> in) {
        try (OrtRunner r = OrtRunner.openAny(m.toByteArray(), OrtOptions.defaults().withThreads(1))) {
            return r.runAll(in);
        }
    }

    /** Both models, run in ONNX Runtime on the same inputs, give the same outputs (1e-6 relative). */
    static void assertSameOutputs(ModelProto original, ModelProto upgraded, Map<String, OrtTensorValue> in) {
        Map<String, OrtTensorValue> want = run(original, in);
        Map<String, OrtTensorValue> got = run(upgraded, in);
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        for (String k : want.keySet()) {
            assertClose(got.get(k), want.get(k), k);
        }
    }

    static void assertClose(OrtTensorValue got, OrtTensorValue want, String what) {
        assertThat(got.shape()).as(what + " shape").containsExactly(want.shape());
        for (int i = 0; i < want.values().length; i++) {
            double a = got.values()[i];
            double b = want.values()[i];
            if (!(a == b || Double.isNaN(a) && Double.isNaN(b))) {
                assertThat(Math.abs(a - b)).as("%s element %d: %s vs %s", what, i, a, b).isLessThanOrEqualTo(1e-6 * Math.max(1, Math.abs(b)));
            }
        }
    }

    static List<String> opTypes(ModelProto m) {
        return m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    }

    static long[] shape(long... dims) {
        return dims;
    }
}
