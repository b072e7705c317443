package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.quant4j.onnx.GraphEmitter;
import io.quant4j.onnx.IrTensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable copy of an ONNX graph for rewriting: nodes (as builders, so inputs can be rewired),
 * initializers by name, fresh unique names, and a final topological sort. Graph inputs, outputs,
 * value_info and everything the rewrite does not touch are kept as they were.
 */
final class ProtoGraph {
    private final GraphProto original;
    final List<NodeProto.Builder> nodes = new ArrayList<>();
    final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> graphOutputs = new HashSet<>();

    ProtoGraph(GraphProto g) {
        this.original = g;
        for (NodeProto n : g.getNodeList()) {
            nodes.add(n.toBuilder());
            names.add(n.getName());
            names.addAll(n.getOutputList());
        }
        for (TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), t);
            names.add(t.getName());
        }
        g.getInputList().forEach(v -> names.add(v.getName()));
        g.getOutputList().forEach(v -> {
            names.add(v.getName());
            graphOutputs.add(v.getName());
        });
    }

    /** A name not used yet, from {@code hint}. */
    String fresh(String hint) {
        String name = hint;
        for (int i = 1; !names.add(name); i++) {
            name = hint + "_" + i;
        }
        return name;
    }

    boolean isGraphOutput(String edge) {
        return graphOutputs.contains(edge);
    }

    boolean isGraphInput(String edge) {
        return original.getInputList().stream().anyMatch(v -> v.getName().equals(edge)) && !initializers.containsKey(edge);
    }

    /** The node whose first output is {@code edge}, or null. */
    NodeProto.Builder producer(String edge) {
        for (NodeProto.Builder n : nodes) {
            if (n.getOutputList().contains(edge)) {
                return n;
            }
        }
        return null;
    }

    /** Every (node, input index) that reads {@code edge}. */
    List<Object[]> readers(String edge) {
        List<Object[]> out = new ArrayList<>();
        for (NodeProto.Builder n : nodes) {
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(edge)) {
                    out.add(new Object[] {n, i});
                }
            }
        }
        return out;
    }

    /** Adds a constant initializer under a fresh name from {@code hint}; returns the name. */
    String constant(String hint, IrTensor t) {
        String name = fresh(hint);
        initializers.put(name, t.toProto(name));
        return name;
    }

    /** Adds a node; returns it. */
    NodeProto.Builder node(String name, String op, List<String> inputs, List<String> outputs, Map<String, Object> attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(fresh(name)).setOpType(op).addAllInput(inputs).addAllOutput(outputs);
        attrs.forEach((k, v) -> b.addAttribute(GraphEmitter.attribute(k, v)));
        nodes.add(b);
        return b;
    }

    private void removeDeadNodes() {
        boolean changed = true;
        while (changed) {
            Set<String> read = new HashSet<>();
            nodes.forEach(n -> read.addAll(n.getInputList()));
            graphOutputs.forEach(read::add);
            changed = nodes.removeIf(n -> n.getOutputList().stream().noneMatch(read::contains));
        }
    }

    /** Sets or replaces an attribute of a node. */
    static void setAttribute(NodeProto.Builder n, String name, Object v) {
        for (int i = 0; i < n.getAttributeCount(); i++) {
            if (n.getAttribute(i).getName().equals(name)) {
                n.setAttribute(i, GraphEmitter.attribute(name, v));
                return;
            }
        }
        n.addAttribute(GraphEmitter.attribute(name, v));
    }

    /** Removes an attribute (no-op when absent). */
    static void removeAttribute(NodeProto.Builder n, String name) {
        for (int i = 0; i < n.getAttributeCount(); i++) {
            AttributeProto a = n.getAttribute(i);
            if (a.getName().equals(name)) {
                n.removeAttribute(i);
                return;
            }
        }
    }

    /**
     * The graph: nodes whose outputs nothing reads removed (the Constant nodes of replaced weights),
     * the rest sorted topologically (original order among the ready ones), unused initializers dropped.
     */
    GraphProto build() {
        removeDeadNodes();
        Set<String> available = new HashSet<>(initializers.keySet());
        original.getInputList().forEach(v -> available.add(v.getName()));
        available.add("");
        List<NodeProto.Builder> pending = new ArrayList<>(nodes);
        List<NodeProto> sorted = new ArrayList<>();
        Map<String, List<NodeProto.Builder>> waiting = new HashMap<>();
        Map<NodeProto.Builder, Integer> missing = new HashMap<>();
        Deque<NodeProto.Builder> ready = new ArrayDeque<>();
        for (NodeProto.Builder n : pending) {
            int m = 0;
            for (String in : new HashSet<>(n.getInputList())) {
                if (!available.contains(in)) {
                    waiting.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                    m++;
                }
            }
            missing.put(n, m);
            if (m == 0) {
                ready.add(n);
            }
        }
        while (!ready.isEmpty()) {
            NodeProto.Builder n = ready.poll();
            sorted.add(n.build());
            for (String out : n.getOutputList()) {
                if (available.add(out)) {
                    for (NodeProto.Builder w : waiting.getOrDefault(out, List.of())) {
                        if (missing.merge(w, -1, Integer::sum) == 0) {
                            ready.add(w);
                        }
                    }
                }
            }
        }
        if (sorted.size() != pending.size()) {
            throw new IllegalStateException("the rewritten graph has a cycle or a value without producer (" + (nodes.size() - sorted.size())
                    + " nodes unsorted)");
        }
        Set<String> read = new HashSet<>();
        sorted.forEach(n -> read.addAll(n.getInputList()));
        original.getOutputList().forEach(v -> read.add(v.getName()));
        GraphProto.Builder g = original.toBuilder().clearNode().clearInitializer().addAllNode(sorted);
        initializers.values().stream().filter(t -> read.contains(t.getName())).forEach(g::addInitializer);
        List<ValueInfoProto> inputs = new ArrayList<>(original.getInputList());
        g.clearInput();
        inputs.stream().filter(v -> !initializers.containsKey(v.getName()) || read.contains(v.getName())).forEach(g::addInput);
        return g.build();
    }
}
