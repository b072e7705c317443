package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One graph being upgraded: its facts, the model's names and uses, the initializers rules add. */
final class GraphScope {
    private final ValueFacts facts;
    private final Names names;
    private final Set<String> used;
    private final String where;
    private final int from;
    private final int to;
    private final List<TensorProto> added = new ArrayList<>();
    private int nodeIndex;

    GraphScope(ValueFacts facts, Names names, Set<String> used, String where, int from, int to) {
        this.facts = facts;
        this.names = names;
        this.used = used;
        this.where = where;
        this.from = from;
        this.to = to;
    }

    ValueFacts facts() {
        return facts;
    }

    Names names() {
        return names;
    }

    Set<String> used() {
        return used;
    }

    String where() {
        return where;
    }

    int from() {
        return from;
    }

    int to() {
        return to;
    }

    void addInitializer(TensorProto t) {
        added.add(t);
    }

    List<TensorProto> added() {
        return added;
    }

    /** Sets the index (in its graph) of the original node now being upgraded, for messages. */
    void at(int index) {
        nodeIndex = index;
    }

    /** The node's name, or {@code #i} (its index in the graph) when it has none. */
    String label(NodeProto n) {
        return n.getName().isEmpty() ? "#" + nodeIndex : n.getName();
    }

    OpsetUpgradeException refuse(NodeProto original, String expected, String found, String hint) {
        return new OpsetUpgradeException(label(original), original.getOpType(), from, to, expected, found, where, hint);
    }
}
