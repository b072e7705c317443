package io.quant4j.quantization.target;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.nn.graph.GraphNode;
import io.quant4j.nn.graph.HostTensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the quantizers of a {@link GraphModule} go for ONNX Runtime's integer kernels, decided on
 * its explicit graph (see {@link GraphIntegerPlacement} for the rules). Pure decisions keyed by
 * node and edge names.
 */
final class GraphIntegerPlan {
    /** Ops ONNX Runtime runs on integers when their inputs and outputs are quantized (QLinear* kernels). */
    static final Set<String> INTEGER_OPS = Set.of("Add", "Mul", "GlobalAveragePool", "AveragePool", "Concat");
    /** Ops that move quantized values without changing them (ONNX Runtime drops their Q/DQ). */
    static final Set<String> PRESERVING_OPS = Set.of("MaxPool", "Resize", "Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze",
            "Identity", "Slice", "Gather", "Split");
    /** Ops whose output is non-negative whatever their input. */
    static final Set<String> NON_NEGATIVE_OPS = Set.of("Relu", "Sigmoid", "HardSigmoid", "Softmax");

    /** Convolution layers made integer (node names), with the BatchNorm layer folded into each (or null). */
    final Map<String, String> convs = new LinkedHashMap<>();
    /** Linear layers made integer (node names). */
    final List<String> linears = new ArrayList<>();
    /** Non-layer nodes that run on integers. */
    final List<String> integerOps = new ArrayList<>();
    /** Quantized edges with the edge whose quantizer they share (themselves for an owner). */
    final Map<String, String> edges = new LinkedHashMap<>();
    /** Edges whose values are non-negative by construction. */
    final Set<String> nonNegative = new HashSet<>();
    /** Op types left float on the path between integer ops, with how often. */
    final Map<String, Integer> floatOps = new LinkedHashMap<>();
    /** Edges an integer layer or op needs quantized, with the nodes (module names) that do; see {@link #quantizedFor}. */
    private final Map<String, Set<String>> needed = new LinkedHashMap<>();

    private final GraphModule g;
    private final Map<String, List<GraphNode>> readers = new HashMap<>();
    private final Map<String, GraphNode> producers = new HashMap<>();

    /** Edges that carry float tensors (not shapes, indices or other host integers). */
    private final Set<String> floats = new HashSet<>();

    private GraphIntegerPlan(GraphModule g) {
        this.g = g;
        floats.addAll(g.inputNames());
        for (GraphNode n : g.nodes()) {
            n.outputs().forEach(o -> producers.put(o, n));
            for (String in : n.inputs()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
            if (producesFloat(n)) {
                floats.addAll(n.outputs());
            }
        }
    }

    /** Ops whose outputs are integers whatever their inputs. */
    private static final Set<String> INTEGER_RESULTS = Set.of("Shape", "Size", "NonZero", "ArgMax", "ArgMin", "Equal", "Less",
            "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor", "Range", "ConstantOfShape");

    /**
     * Whether a node computes float tensors: not a shape or comparison op, a Cast only to a float
     * type, and a float edge among its inputs (for Concat: every computed input).
     */
    private boolean producesFloat(GraphNode n) {
        if (INTEGER_RESULTS.contains(n.op())) {
            return false;
        }
        if (n.op().equals("Cast") && !(n.attributes().get("to") instanceof Number t && io.quant4j.nn.graph.ElementTypes.isFloat(t.longValue()))) {
            return false;
        }
        if (n.inputs().isEmpty()) {
            return false;
        }
        if (n.op().equals("Concat")) {
            return n.inputs().stream().filter(e -> !isConstant(e)).allMatch(floats::contains);
        }
        return n.inputs().stream().anyMatch(floats::contains);
    }

    /**
     * Plans the placement.
     *
     * @param skipped whether a layer (by module name) stays float
     */
    static GraphIntegerPlan of(GraphModule g, Predicate<String> skipped) {
        GraphIntegerPlan p = new GraphIntegerPlan(g);
        p.plan(skipped);
        return p;
    }

    private Module layer(GraphNode n) {
        String name = g.moduleName(n);
        return name == null ? null : g.children().get(name);
    }

    private boolean isConstant(String edge) {
        return edge.isEmpty() || g.constant(edge) != null;
    }

    private List<GraphNode> readersOf(String edge) {
        return readers.getOrDefault(edge, List.of());
    }

    private void plan(Predicate<String> skipped) {
        for (GraphNode n : g.nodes()) {
            Module m = layer(n);
            String module = g.moduleName(n);
            if (m instanceof Conv2d && !skipped.test(module)) {
                String out = n.outputs().get(0);
                GraphNode next = single(out);
                String bn = next != null && layer(next) instanceof BatchNorm2d && !skipped.test(g.moduleName(next)) ? next.name() : null;
                convs.put(n.name(), bn);
                need(n.inputs().get(0), module);
                need(bn != null ? next.outputs().get(0) : out, module);
            } else if (m instanceof Linear && !skipped.test(module)) {
                linears.add(n.name());
                need(n.inputs().get(0), module);
                need(n.outputs().get(0), module);
            } else if (m == null && INTEGER_OPS.contains(n.op()) && n.inputs().stream().noneMatch(this::isConstant)
                    && floats.containsAll(n.inputs()) && !skipped.test(opName(n))) {
                String op = opName(n);
                integerOps.add(n.name());
                n.inputs().forEach(e -> need(e, op));
                n.outputs().forEach(e -> need(e, op));
            }
        }
        for (String e : needed.keySet()) {
            String at = absorbActivation(e);
            if (!g.outputNames().contains(at)) {
                quantizeUpstream(at);
            }
        }
        tiePreserving();
        markNonNegative();
        countFloatOps();
    }

    /** Records that {@code node} (a layer's or an integer op's module name) needs {@code edge} quantized. */
    private void need(String edge, String node) {
        needed.computeIfAbsent(edge, k -> new java.util.LinkedHashSet<>()).add(node);
    }

    /**
     * The nodes (module names: layers and integer ops) a quantized tensor was placed for, by its
     * owner edge: every one whose input or output it quantizes, so that with all of them skipped
     * this plan would not quantize it.
     */
    Set<String> quantizedFor(String owner) {
        Set<String> nodes = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> e : needed.entrySet()) {
            String at = absorbActivation(e.getKey());
            if (owner.equals(edges.get(at))) {
                nodes.addAll(e.getValue());
            }
        }
        return nodes;
    }

    /** The module names of the nodes this target can run on integers: what a skip rule may name besides layers. */
    static Set<String> integerOpCandidates(GraphModule g) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (GraphNode n : g.nodes()) {
            if (INTEGER_OPS.contains(n.op()) && g.moduleName(n) == null) {
                out.add(opName(n));
            }
        }
        return out;
    }

    /** The name a skip rule gives an op that is no layer: its node's module name ({@code p2o_Add_3}). */
    private static String opName(GraphNode n) {
        return GraphModule.moduleNameOf(n.name());
    }

    /** The single reader of an edge that is not a graph output, or null. */
    private GraphNode single(String edge) {
        List<GraphNode> r = readersOf(edge);
        return r.size() == 1 && !g.outputNames().contains(edge) ? r.get(0) : null;
    }

    /**
     * Where an integer op's output is quantized: after a Relu (or a Clip at 0) that alone reads it,
     * which ONNX Runtime then fuses into the integer kernel (the unsigned range does the clipping).
     */
    private String absorbActivation(String edge) {
        GraphNode producer = producers.get(edge);
        GraphNode next = single(edge);
        if (producer == null || next == null) {
            return edge;
        }
        boolean integerProducer = convs.containsKey(producer.name()) || convs.containsValue(producer.name()) || linears.contains(producer.name())
                || integerOps.contains(producer.name());
        if (integerProducer && (next.op().equals("Relu") || next.op().equals("Clip") && clipsAtZero(next))) {
            return next.outputs().get(0);
        }
        return edge;
    }

    private boolean clipsAtZero(GraphNode clip) {
        HostTensor lo = clip.inputs().size() > 1 && !clip.inputs().get(1).isEmpty() ? g.constant(clip.inputs().get(1)) : null;
        return lo != null && lo.isFloat() && lo.floats().length == 1 && lo.floats()[0] == 0f;
    }

    /** Quantizes {@code edge}, or the input of the value-preserving ops that produced it (so they run on integers). */
    private void quantizeUpstream(String edge) {
        if (isConstant(edge) || edges.containsKey(edge) || !floats.contains(edge)) {
            return;
        }
        GraphNode p = producers.get(edge);
        if (p != null && PRESERVING_OPS.contains(p.op()) && layer(p) == null && !isConstant(p.inputs().get(0))) {
            quantizeUpstream(p.inputs().get(0));
        }
        edges.put(edge, edge);
    }

    /** The outputs of value-preserving ops on quantized inputs share their input's quantizer. */
    private void tiePreserving() {
        for (GraphNode n : g.nodes()) {
            if (!PRESERVING_OPS.contains(n.op()) || layer(n) != null || n.inputs().isEmpty()) {
                continue;
            }
            String owner = edges.get(n.inputs().get(0));
            if (owner == null) {
                continue;
            }
            for (String out : n.outputs()) {
                if (!g.outputNames().contains(out)) {
                    edges.put(out, owner);
                }
            }
        }
    }

    private void markNonNegative() {
        for (GraphNode n : g.nodes()) {
            boolean nonNeg = NON_NEGATIVE_OPS.contains(n.op()) || n.op().equals("Clip") && clipsAtZero(n)
                    || (PRESERVING_OPS.contains(n.op()) || n.op().equals("GlobalAveragePool") || n.op().equals("AveragePool")
                    || n.op().equals("Concat") || n.op().equals("MaxPool")) && layer(n) == null
                    && n.inputs().stream().filter(e -> !isConstant(e)).allMatch(nonNegative::contains)
                    && n.inputs().stream().anyMatch(e -> !isConstant(e));
            if (nonNeg) {
                nonNegative.addAll(n.outputs());
            }
        }
    }

    private void countFloatOps() {
        for (GraphNode n : g.nodes()) {
            if (layer(n) == null && !integerOps.contains(n.name()) && !PRESERVING_OPS.contains(n.op())
                    && n.inputs().stream().anyMatch(edges::containsKey)) {
                floatOps.merge(n.op(), 1, Integer::sum);
            }
        }
    }

    /** Whether an edge's quantizer is unsigned (its own, or the one it shares). */
    boolean unsigned(String edge) {
        return nonNegative.contains(edges.get(edge));
    }

    /** The producer node of an edge, or null for a graph input. */
    GraphNode producer(String edge) {
        return producers.get(edge);
    }

    /** Readers (for reports). */
    Set<String> quantizedOwners() {
        Set<String> s = new java.util.LinkedHashSet<>();
        edges.forEach((e, o) -> s.add(o));
        return s;
    }
}
