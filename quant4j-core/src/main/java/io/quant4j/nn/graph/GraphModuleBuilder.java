package io.quant4j.nn.graph;

import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link GraphModule}: graph inputs and outputs, constants (initializers), nodes in
 * topological order. {@link #build()} checks that every op is supported, turns {@code Constant}
 * nodes into constants, parametric nodes with constant weights into layers ({@link GraphLayers})
 * and keeps the rest as ops.
 */
public final class GraphModuleBuilder {
    final int opset;
    final List<GraphNode> nodes = new ArrayList<>();
    final List<String> inputs = new ArrayList<>();
    final Map<String, long[]> inputDims = new HashMap<>();
    final List<String> outputs = new ArrayList<>();
    final Map<String, String> constantBuffers = new HashMap<>();
    final Map<String, Value.Ints> intConstants = new HashMap<>();
    final Map<String, String> layers = new HashMap<>();
    final Map<String, Boolean> prePadded = new HashMap<>();
    final Map<String, Tensor> buffers = new LinkedHashMap<>();
    final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, HostTensor> constants = new LinkedHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private boolean simplify;
    String simplified = "";

    /**
     * @param opset the default-domain opset the graph was written for
     * @throws GraphException for an opset outside {@link GraphOps#MIN_OPSET}..{@link GraphOps#MAX_OPSET}
     */
    public GraphModuleBuilder(int opset) {
        if (opset < GraphOps.MIN_OPSET || opset > GraphOps.MAX_OPSET) {
            throw new GraphException("expected a default-domain opset from " + GraphOps.MIN_OPSET + " to " + GraphOps.MAX_OPSET
                    + ", found " + opset, "opset_import", "Convert the model to a supported opset (onnx.version_converter).");
        }
        this.opset = opset;
    }

    /** A graph input with its dimensions ({@code -1} for symbolic ones). */
    public GraphModuleBuilder input(String name, long[] dims) {
        inputs.add(name);
        inputDims.put(name, dims.clone());
        return this;
    }

    /** A graph output. */
    public GraphModuleBuilder output(String name) {
        outputs.add(name);
        return this;
    }

    /** A constant value (an initializer). */
    public GraphModuleBuilder constant(String name, HostTensor value) {
        constants.put(name, value);
        return this;
    }

    /** The next node (nodes come in topological order). */
    public GraphModuleBuilder node(GraphNode n) {
        nodes.add(n);
        return this;
    }

    /**
     * Whether {@link #build()} applies the algebraic simplifications of {@link GraphSimplifier}
     * (affines and BatchNorms folded into convolutions, decomposed hard-swish fused); off by default.
     */
    public GraphModuleBuilder simplify(boolean on) {
        this.simplify = on;
        return this;
    }

    /** The error for an op outside the table. */
    static GraphException unsupported(GraphNode n, int opset) {
        return new GraphException(n, "unsupported op " + n.op() + " (opset " + opset + ")",
                "Supported ops: " + String.join(", ", GraphOps.supported()) + ".");
    }

    /**
     * The module.
     *
     * @throws GraphException naming the first node whose op is unsupported, or a value read before it is produced
     */
    public GraphModule build() {
        List<GraphNode> computed = new ArrayList<>();
        Set<String> produced = new HashSet<>(inputs);
        produced.addAll(constants.keySet());
        for (GraphNode n : nodes) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !produced.contains(in)) {
                    throw new GraphException(n, "expected input '" + in + "' to be a graph input, an initializer or an earlier node's"
                            + " output, found none", "Sort the graph topologically; every value needs a producer.");
                }
            }
            produced.addAll(n.outputs());
            if (n.op().equals("Constant") && n.outputs().size() == 1) {
                Value v = GraphOps.get("Constant").apply(new OpCall(n, List.of(), opset)).get(0);
                constants.put(n.outputs().get(0), v instanceof Value.Ints i ? HostTensor.ofInts(i.data(), i.shape())
                        : HostTensor.ofFloats(((Value.Dense) v).tensor().toFloatArray(), v.shape()));
            } else {
                computed.add(n);
            }
        }
        if (simplify) {
            GraphSimplifier.Counts c = GraphSimplifier.apply(computed, constants, new HashSet<>(outputs), opset);
            simplified = c.affineIntoConv() + " affines and " + c.batchNormIntoConv() + " BatchNorms folded into convolutions, "
                    + c.hardSwish() + " hard-swishes fused, " + c.affineIntoPointwise() + " affines folded into 1x1 convolutions";
        }
        List<GraphNode> kept = new ArrayList<>();
        for (GraphNode n : computed) {
            boolean[] padded = new boolean[1];
            Module layer = GraphLayers.layerFor(n, constants, padded);
            if (layer != null) {
                String name = unique(GraphModule.moduleNameOf(n.name()));
                children.put(name, layer);
                layers.put(n.name(), name);
                if (padded[0]) {
                    prePadded.put(n.name(), true);
                }
            } else if (GraphOps.get(n.op()) == null) {
                throw unsupported(n, opset);
            }
            kept.add(n);
        }
        nodes.clear();
        nodes.addAll(kept);
        Set<String> read = new HashSet<>(outputs);
        for (GraphNode n : nodes) {
            if (layers.containsKey(n.name())) {
                read.add(n.inputs().get(0));
            } else {
                read.addAll(n.inputs());
            }
        }
        constants.forEach((name, t) -> {
            if (!read.contains(name)) {
                return;
            }
            if (t.isFloat()) {
                String b = unique("const_" + GraphModule.moduleNameOf(name));
                buffers.put(b, Tensor.fromFloats(t.floats(), t.shape()));
                constantBuffers.put(name, b);
            } else {
                intConstants.put(name, new Value.Ints(t.ints(), t.shape(), false));
            }
        });
        return new GraphModule(this);
    }

    private String unique(String base) {
        String name = base.isEmpty() ? "node" : base;
        int i = 1;
        while (!usedNames.add(name)) {
            name = base + "_" + i++;
        }
        return name;
    }
}
