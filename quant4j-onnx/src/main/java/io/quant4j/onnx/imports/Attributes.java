package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** ONNX attributes as the plain Java values of {@link io.quant4j.nn.graph.GraphNode}. */
final class Attributes {
    private Attributes() {}

    static Map<String, Object> of(NodeProto n, String where, Path dir) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            if (!a.getRefAttrName().isEmpty()) {
                throw new OnnxImportException("expected attribute values, found a reference to function attribute '" + a.getRefAttrName() + "'",
                        where, "Inline the function before importing.");
            }
            Object v = switch (a.getType()) {
                case FLOAT -> a.getF();
                case INT -> a.getI();
                case STRING -> a.getS().toString(StandardCharsets.UTF_8);
                case FLOATS -> toFloats(a);
                case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                case STRINGS -> a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toArray(String[]::new);
                case TENSOR -> TensorProtos.read(a.getT(), where + " attribute " + a.getName(), dir);
                case GRAPH, GRAPHS -> throw new OnnxImportException("expected a graph without control flow, found a subgraph in attribute '"
                        + a.getName() + "'", where, "Control flow (If, Loop, Scan) is not supported; export the model without it"
                        + " (e.g. fixed loop counts unrolled).");
                default -> throw new OnnxImportException("unsupported attribute type " + a.getType() + " of '" + a.getName() + "'", where,
                        "Use a numeric, string or tensor attribute.");
            };
            out.put(a.getName(), v);
        }
        return out;
    }

    private static float[] toFloats(AttributeProto a) {
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
        }
        return f;
    }
}
