package io.quant4j.onnx;

import ai.djl.ndarray.types.DataType;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.tensor.ConstantValue;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.TracedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable export graph: nodes in topological order, constants by name, traced shapes.
 * Built from a {@link Trace}; rewritten by the passes (weight quantization, BatchNorm folding,
 * cleanup) and then lowered to ONNX.
 */
final class IrGraph {
    final List<String> inputs;
    final List<String> outputs;
    final List<IrNode> nodes = new ArrayList<>();
    final Map<String, IrTensor> constants = new LinkedHashMap<>();
    final Map<String, long[]> shapes = new HashMap<>();

    private IrGraph(List<String> inputs, List<String> outputs) {
        this.inputs = new ArrayList<>(inputs);
        this.outputs = new ArrayList<>(outputs);
    }

    /** Imports a trace, renaming its single output to {@code outputName}. */
    static IrGraph fromTrace(Trace trace, String outputName) {
        IrGraph g = new IrGraph(trace.inputs(), trace.outputs());
        g.shapes.putAll(trace.shapes());
        trace.constants().forEach((name, c) -> g.constants.put(name, toIr(c)));
        for (TracedOp op : trace.ops()) {
            g.nodes.add(new IrNode(op.type(), op.inputs(), op.output(), op.attributes(), op.modulePath(), op.moduleType()));
        }
        if (trace.outputs().size() != 1) {
            throw new IllegalArgumentException("expected one graph output, found " + trace.outputs());
        }
        String out = trace.outputs().get(0);
        if (g.producer(out) == null) {
            throw new OnnxExportException("the model's output is not computed by any traced operation (it is an input "
                    + "or a constant)", "<root>", "Export a model whose forward computes its output with Tensor ops.", null);
        }
        g.rename(out, outputName);
        return g;
    }

    private static IrTensor toIr(ConstantValue c) {
        TensorProto.DataType t = onnxType(c.dataType());
        return new IrTensor(t, c.shape(), c.data());
    }

    /** DJL element type to ONNX element type. */
    static TensorProto.DataType onnxType(DataType t) {
        return switch (t) {
            case FLOAT32 -> TensorProto.DataType.FLOAT;
            case FLOAT64 -> TensorProto.DataType.DOUBLE;
            case FLOAT16 -> TensorProto.DataType.FLOAT16;
            case INT64 -> TensorProto.DataType.INT64;
            case INT32 -> TensorProto.DataType.INT32;
            case INT8 -> TensorProto.DataType.INT8;
            case UINT8 -> TensorProto.DataType.UINT8;
            case BOOLEAN -> TensorProto.DataType.BOOL;
            default -> throw new IllegalArgumentException("no ONNX element type for " + t);
        };
    }

    /** The node producing a value, or null for inputs and constants. */
    IrNode producer(String value) {
        for (IrNode n : nodes) {
            if (n.output.equals(value)) {
                return n;
            }
        }
        return null;
    }

    /** Nodes reading a value. */
    List<IrNode> consumers(String value) {
        List<IrNode> out = new ArrayList<>();
        for (IrNode n : nodes) {
            if (n.inputs.contains(value)) {
                out.add(n);
            }
        }
        return out;
    }

    /** Whether a value is read by exactly one node and is not a graph output. */
    boolean singleUse(String value) {
        return !outputs.contains(value) && consumers(value).size() == 1;
    }

    /** A float constant's values, or null when the value is not a FLOAT constant. */
    float[] floatConstant(String name) {
        IrTensor t = constants.get(name);
        return t == null || t.type() != TensorProto.DataType.FLOAT ? null : t.floats();
    }

    /** Renames a value everywhere (producer, consumers, graph outputs, shapes). */
    void rename(String from, String to) {
        for (IrNode n : nodes) {
            if (n.output.equals(from)) {
                n.output = to;
            }
            n.inputs.replaceAll(s -> s.equals(from) ? to : s);
        }
        outputs.replaceAll(s -> s.equals(from) ? to : s);
        long[] s = shapes.remove(from);
        if (s != null) {
            shapes.put(to, s);
        }
    }

    /** Replaces every read of {@code from} by {@code to} (the producer of {@code from} is untouched). */
    void replaceUses(String from, String to) {
        for (IrNode n : nodes) {
            n.inputs.replaceAll(s -> s.equals(from) ? to : s);
        }
        outputs.replaceAll(s -> s.equals(from) ? to : s);
    }

    /** Adds a constant under a name not yet used (the hint, else hint_1, hint_2...); returns the name. */
    String addConstant(String hint, IrTensor t, long[] shape) {
        String name = hint;
        for (int i = 1; constants.containsKey(name) || shapes.containsKey(name) && !constants.containsKey(name); i++) {
            name = hint + "_" + i;
        }
        constants.put(name, t);
        shapes.put(name, shape.clone());
        return name;
    }

    /** Removes nodes whose output nobody reads, and constants no node reads. */
    void removeDead() {
        boolean changed = true;
        while (changed) {
            changed = false;
            Set<String> read = new HashSet<>(outputs);
            nodes.forEach(n -> read.addAll(n.inputs));
            changed = nodes.removeIf(n -> !read.contains(n.output));
        }
        Set<String> read = new HashSet<>();
        nodes.forEach(n -> read.addAll(n.inputs));
        constants.keySet().removeIf(k -> !read.contains(k));
    }
}
