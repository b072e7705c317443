package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * What a {@link StepRule} sees: the opset its step reaches, the op's previous version, the
 * graph's {@link ValueFacts}, and a way to add helper initializers and nodes under new names.
 */
final class StepContext {
    private final GraphScope scope;
    private final NodeProto original;
    private final int opset;
    private final int previous;

    StepContext(GraphScope scope, NodeProto original, int opset, int previous) {
        this.scope = scope;
        this.original = original;
        this.opset = opset;
        this.previous = previous;
    }

    /** The opset this step reaches (the op's new version). */
    int opset() {
        return opset;
    }

    /** The op's version before this step. */
    int previous() {
        return previous;
    }

    ValueFacts facts() {
        return scope.facts();
    }

    /** Whether a value is read by any node (subgraphs included) or is a graph output. */
    boolean used(String value) {
        return !value.isEmpty() && scope.used().contains(value);
    }

    /** Adds a 1-D int64 initializer named after the node and a role ("axes"); returns its name. */
    String int64s(NodeProto n, String role, long... values) {
        return add(Tensors.int64s(fresh(n, role), values));
    }

    /** Adds an initializer (its name already fresh); returns its name. */
    String add(TensorProto t) {
        scope.addInitializer(t);
        scope.facts().constant(t.getName(), t);
        return t.getName();
    }

    /** A new value or node name: the node's name (or first output) and a role. */
    String fresh(NodeProto n, String role) {
        return scope.names().fresh(base(n) + "/" + role);
    }

    private String base(NodeProto n) {
        if (!n.getName().isEmpty()) {
            return n.getName();
        }
        if (!original.getName().isEmpty()) {
            return original.getName();
        }
        return original.getOutputCount() > 0 && !original.getOutput(0).isEmpty() ? original.getOutput(0) : original.getOpType();
    }

    /**
     * The exception for a node this step cannot convert.
     *
     * @param expected what the new version needs
     * @param found what the node has
     * @param hint how to fix it
     */
    OpsetUpgradeException refuse(NodeProto n, String expected, String found, String hint) {
        return scope.refuse(original, n.getOpType() + "-" + previous + " -> " + n.getOpType() + "-" + opset + ": " + expected,
                found, hint);
    }
}
