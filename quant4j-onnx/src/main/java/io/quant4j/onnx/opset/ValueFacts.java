package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the upgrade rules need to know about a graph's values before they rewrite it: element
 * type and rank where they can be told, and the tensor of every constant (initializer or
 * {@code Constant} node).
 *
 * <p>Declared types and shapes (graph inputs and outputs, {@code value_info}, initializers)
 * come first; the rest is propagated forward through the nodes in order by {@link FactRules},
 * which knows the common ops and leaves other outputs unknown. A subgraph's facts see its outer
 * graphs' facts. Nothing here is guessed: an unknown type or rank stays unknown, and a rule that
 * needs it refuses the node.
 */
final class ValueFacts {
    private final ValueFacts outer;
    private final Map<String, Integer> types = new HashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Set<String> atLeastOne = new HashSet<>();

    private ValueFacts(ValueFacts outer) {
        this.outer = outer;
    }

    /** The facts of a graph (its nodes at their original versions), seeing {@code outer}'s. */
    static ValueFacts of(GraphProto g, ValueFacts outer) {
        ValueFacts f = new ValueFacts(outer);
        for (TensorProto t : g.getInitializerList()) {
            f.constant(t.getName(), t);
        }
        for (ValueInfoProto v : g.getInputList()) {
            f.declare(v);
        }
        for (ValueInfoProto v : g.getOutputList()) {
            f.declare(v);
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            f.declare(v);
        }
        for (NodeProto n : g.getNodeList()) {
            FactRules.propagate(n, f);
        }
        return f;
    }

    private void declare(ValueInfoProto v) {
        if (!v.hasType() || !v.getType().hasTensorType()) {
            return;
        }
        int type = v.getType().getTensorType().getElemType();
        if (type != 0) {
            types.putIfAbsent(v.getName(), type);
        }
        if (v.getType().getTensorType().hasShape()) {
            ranks.putIfAbsent(v.getName(), v.getType().getTensorType().getShape().getDimCount());
        }
    }

    /** Records a constant tensor (its type and rank too). */
    void constant(String name, TensorProto t) {
        constants.put(name, t);
        types.putIfAbsent(name, t.getDataType());
        ranks.putIfAbsent(name, t.getDimsCount());
    }

    /** Records a propagated element type, unless one is known. */
    void type(String name, int type) {
        if (!name.isEmpty() && type > 0) {
            types.putIfAbsent(name, type);
        }
    }

    /** Records a propagated rank, unless one is known. */
    void rank(String name, int rank) {
        if (!name.isEmpty() && rank >= 0) {
            ranks.putIfAbsent(name, rank);
        }
    }

    OptionalInt type(String name) {
        Integer t = types.get(name);
        if (t != null) {
            return OptionalInt.of(t);
        }
        return outer != null ? outer.type(name) : OptionalInt.empty();
    }

    OptionalInt rank(String name) {
        Integer r = ranks.get(name);
        if (r != null) {
            return OptionalInt.of(r);
        }
        return outer != null ? outer.rank(name) : OptionalInt.empty();
    }

    Optional<TensorProto> constant(String name) {
        TensorProto t = constants.get(name);
        if (t != null) {
            return Optional.of(t);
        }
        return outer != null ? outer.constant(name) : Optional.empty();
    }

    /** The values of a constant as doubles, or null when it is not a constant held in the model. */
    double[] constantValues(String name) {
        return constant(name).map(Tensors::doubles).orElse(null);
    }

    /** The values of an integer constant, or null. */
    long[] constantLongs(String name) {
        return constant(name).map(Tensors::longs).orElse(null);
    }

    /** Records that every element of a value is >= 1 (Upsample's scales, by its contract). */
    void atLeastOne(String name) {
        atLeastOne.add(name);
    }

    boolean isAtLeastOne(String name) {
        return atLeastOne.contains(name) || outer != null && outer.isAtLeastOne(name);
    }

    /** A Cast-1 {@code to} name ("FLOAT", "float") as its DataType number, or 0. */
    static int typeNamed(String name) {
        try {
            return DataType.valueOf(name.toUpperCase(Locale.ROOT)).getNumber();
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /** The tensor a Constant node holds, or null for sparse or string-less forms it cannot build. */
    static TensorProto constantOf(NodeProto n) {
        String out = n.getOutputCount() > 0 ? n.getOutput(0) : "";
        for (AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> {
                    return a.getT().toBuilder().setName(out).build();
                }
                case "value_float" -> {
                    return TensorProto.newBuilder().setName(out).setDataType(DataType.FLOAT_VALUE).addFloatData(a.getF()).build();
                }
                case "value_floats" -> {
                    return TensorProto.newBuilder().setName(out).setDataType(DataType.FLOAT_VALUE)
                            .addDims(a.getFloatsCount()).addAllFloatData(a.getFloatsList()).build();
                }
                case "value_int" -> {
                    return TensorProto.newBuilder().setName(out).setDataType(DataType.INT64_VALUE).addInt64Data(a.getI()).build();
                }
                case "value_ints" -> {
                    return TensorProto.newBuilder().setName(out).setDataType(DataType.INT64_VALUE)
                            .addDims(a.getIntsCount()).addAllInt64Data(a.getIntsList()).build();
                }
                default -> { }
            }
        }
        return null;
    }
}
