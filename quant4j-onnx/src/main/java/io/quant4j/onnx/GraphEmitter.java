package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the ONNX nodes and initializers that the {@link OpTable} lowerings emit. Node names are
 * {@code <module path>/<OpType>} ({@code layer1.0.conv1/Conv}; {@code _1}, {@code _2} for repeats),
 * values are {@code <node name>_output}, and an IR constant becomes an initializer (under its
 * parameter name) the first time a node reads it.
 */
public final class GraphEmitter {
    private final IrGraph g;
    private final Map<String, Integer> batchAxes;
    private final WeightFormat weightFormat;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> valueNames = new HashSet<>();
    private final Map<String, String> renamed = new HashMap<>();

    GraphEmitter(IrGraph g, Map<String, Integer> batchAxes, WeightFormat weightFormat) {
        this.g = g;
        this.batchAxes = batchAxes;
        this.weightFormat = weightFormat;
        valueNames.addAll(g.inputs);
        valueNames.addAll(g.outputs);
        valueNames.addAll(g.constants.keySet());
    }

    WeightFormat weightFormat() {
        return weightFormat;
    }

    /** Traced shape of an IR value. */
    long[] shape(String irValue) {
        long[] s = g.shapes.get(irValue);
        if (s == null) {
            throw new IllegalStateException("no traced shape for " + irValue);
        }
        return s.clone();
    }

    /** Batch axis of an IR value, -1 when it does not depend on the batch (or the batch is static). */
    int batchAxis(String irValue) {
        return batchAxes.getOrDefault(irValue, -1);
    }

    /** A FLOAT IR constant's values, or null. */
    float[] floatConstant(String irValue) {
        return g.floatConstant(irValue);
    }

    /**
     * Emits one node for {@code src}; {@code output} is the IR value it defines, or null for a new
     * intermediate value. Returns the ONNX name of the output.
     */
    String node(IrNode src, String opType, List<String> inputs, String output, Map<String, Object> attrs) {
        String base = src.modulePath.isEmpty() ? opType : src.modulePath + "/" + opType;
        String name = base;
        for (int i = 1; !nodeNames.add(name); i++) {
            name = base + "_" + i;
        }
        String out;
        if (output != null && g.outputs.contains(output)) {
            out = output;
        } else {
            out = unique(name + "_output");
            if (output != null) {
                renamed.put(output, out);
            }
        }
        NodeProto.Builder b = NodeProto.newBuilder().setName(name).setOpType(opType).addOutput(out);
        for (String in : inputs) {
            b.addInput(ref(in));
        }
        attrs.forEach((k, v) -> b.addAttribute(attribute(k, v)));
        nodes.add(b.build());
        return out;
    }

    /** The ONNX name of an IR value, emitting the initializer of an IR constant on first use. */
    private String ref(String in) {
        if (in.isEmpty()) {
            return in;
        }
        String r = renamed.get(in);
        if (r != null) {
            return r;
        }
        IrTensor c = g.constants.get(in);
        if (c != null && !initializers.containsKey(in)) {
            initializers.put(in, tensor(in, c));
        }
        return in;
    }

    /** Adds an initializer under a fresh name derived from the hint; returns the name. */
    String constant(String hint, IrTensor t) {
        String name = unique(hint);
        initializers.put(name, tensor(name, t));
        return name;
    }

    String int64s(String hint, long... v) {
        return constant(hint, IrTensor.ofLongs(new long[] {v.length}, v));
    }

    String floatScalar(String hint, float v) {
        return constant(hint, IrTensor.ofFloats(new long[0], new float[] {v}));
    }

    private String unique(String hint) {
        String name = hint;
        for (int i = 1; !valueNames.add(name); i++) {
            name = hint + "_" + i;
        }
        return name;
    }

    static TensorProto tensor(String name, IrTensor t) {
        return t.toProto(name);
    }

    /** An ONNX attribute from a Java value (Long/Integer/Boolean, Float/Double, String, long[], float[]). */
    public static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Long || v instanceof Integer) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Boolean bool) {
            a.setType(AttributeProto.AttributeType.INT).setI(bool ? 1 : 0);
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof int[] is) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (int i : is) {
                a.addInts(i);
            }
        } else if (v instanceof float[] fs) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : fs) {
                a.addFloats(f);
            }
        } else if (v instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value type " + v.getClass());
        }
        return a.build();
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    List<TensorProto> initializers() {
        return new ArrayList<>(initializers.values());
    }
}
