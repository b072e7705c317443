package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxJavaType;
import io.quant4j.onnx.OrtTensorValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One ONNX backend node test ({@code test_x/model.onnx} with {@code test_data_set_0/input_k.pb}
 * and {@code output_k.pb}): its model, its inputs as feedable tensors, its recorded outputs.
 *
 * @param inputs by graph input name; null when {@code skip} is set
 * @param skip why ONNX Runtime cannot be fed this case through OrtRunner, or null
 */
record NodeTestCase(String name, ModelProto model, Map<String, OrtTensorValue> inputs, List<TensorProto> outputs, String skip) {
    /** Why a test case cannot be fed to ONNX Runtime, or null when it can. */
    static String unfeedable(ModelProto m, List<TensorProto> inputs) {
        Set<String> inits = m.getGraph().getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        List<ValueInfoProto> graphInputs = m.getGraph().getInputList().stream().filter(v -> !inits.contains(v.getName())).toList();
        if (graphInputs.size() != inputs.size()) {
            return graphInputs.size() + " graph inputs, " + inputs.size() + " input files (optional or sequence inputs)";
        }
        for (ValueInfoProto v : graphInputs) {
            if (!v.getType().hasTensorType()) {
                return "input '" + v.getName() + "' is not a tensor";
            }
        }
        for (TensorProto t : inputs) {
            if (javaType(t.getDataType()) == null) {
                return "input of type " + DataType.forNumber(t.getDataType());
            }
        }
        for (ValueInfoProto v : m.getGraph().getOutputList()) {
            if (!v.getType().hasTensorType()) {
                return "output '" + v.getName() + "' is not a tensor";
            }
        }
        return null;
    }

    static NodeTestCase read(Path dir) throws IOException {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
        Path data = dir.resolve("test_data_set_0");
        List<TensorProto> ins = new ArrayList<>();
        List<TensorProto> outs = new ArrayList<>();
        for (int k = 0; Files.exists(data.resolve("input_" + k + ".pb")); k++) {
            ins.add(TensorProto.parseFrom(Files.readAllBytes(data.resolve("input_" + k + ".pb"))));
        }
        for (int k = 0; Files.exists(data.resolve("output_" + k + ".pb")); k++) {
            outs.add(TensorProto.parseFrom(Files.readAllBytes(data.resolve("output_" + k + ".pb"))));
        }
        String why = unfeedable(m, ins);
        if (why != null) {
            return new NodeTestCase(dir.getFileName().toString(), m, null, outs, why);
        }
        Set<String> inits = m.getGraph().getInitializerList().stream().map(TensorProto::getName).collect(Collectors.toSet());
        List<ValueInfoProto> graphInputs = m.getGraph().getInputList().stream().filter(v -> !inits.contains(v.getName())).toList();
        Map<String, OrtTensorValue> feed = new LinkedHashMap<>();
        for (int k = 0; k < ins.size(); k++) {
            feed.put(graphInputs.get(k).getName(), value(ins.get(k)));
        }
        return new NodeTestCase(dir.getFileName().toString(), m, feed, outs, null);
    }

    static OrtTensorValue value(TensorProto t) {
        double[] v = Tensors.doubles(t);
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        return new OrtTensorValue(javaType(t.getDataType()), shape, v);
    }

    /** The ORT element type of an ONNX element type that OrtRunner can feed and read, or null. */
    static OnnxJavaType javaType(int type) {
        DataType t = DataType.forNumber(type);
        if (t == null) {
            return null;
        }
        return switch (t) {
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            default -> null;
        };
    }
}
