package io.quant4j.nn.graph;

import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.Buffer;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model given as a dataflow graph (an imported ONNX file): {@link GraphNode}s run in order over
 * named values. A node that {@link GraphModuleBuilder} turned into a layer runs that child module
 * on its first input (the child's name is the node's {@linkplain #moduleName module name}, so skip
 * rules and the quantizers that replace layers address it); every other node runs its op from
 * {@link GraphOps}. Float constants are buffers (saved with the state dict), integer constants
 * stay on the host. An edge may carry a quantizer child ({@link #quantizeEdge}), applied where the
 * value is produced, so a placement can quantize any tensor of the graph.
 *
 * <p>{@link #forward(Tensor)} feeds the first graph input and returns the first graph output;
 * {@link #run(Map)} takes and returns them all by name. Shapes: as the graph says, with every
 * symbolic dimension free.
 */
public class GraphModule extends Module {
    private final List<GraphNode> nodes;
    private final List<String> inputs;
    private final Map<String, long[]> inputDims;
    private final List<String> outputs;
    private final Map<String, String> constantBuffers;
    private final Map<String, Value.Ints> intConstants;
    private final Map<String, String> layers;
    private final Map<String, Boolean> prePadded;
    private Map<String, String> edgeQuantizers;
    private Map<String, Set<String>> edgeQuantizerLayers;
    private final int opset;
    private final String simplified;
    private Set<String> tapped = Set.of();
    private Map<String, Tensor> taps = Map.of();
    private final List<List<String>> dyingAfter;

    GraphModule(GraphModuleBuilder b) {
        this.nodes = List.copyOf(b.nodes);
        this.inputs = List.copyOf(b.inputs);
        this.inputDims = Map.copyOf(b.inputDims);
        this.outputs = List.copyOf(b.outputs);
        this.constantBuffers = Map.copyOf(b.constantBuffers);
        this.intConstants = Map.copyOf(b.intConstants);
        this.layers = Map.copyOf(b.layers);
        this.prePadded = Map.copyOf(b.prePadded);
        this.edgeQuantizers = new LinkedHashMap<>();
        this.edgeQuantizerLayers = new LinkedHashMap<>();
        this.opset = b.opset;
        this.simplified = b.simplified;
        this.dyingAfter = EdgeRelease.lastUses(nodes, outputs);
        b.buffers.forEach(this::buffer);
        b.children.forEach(this::register);
    }

    /** The nodes in execution order. */
    public List<GraphNode> nodes() {
        return nodes;
    }

    /** The graph's data inputs, in order. */
    public List<String> inputNames() {
        return inputs;
    }

    /** The dimensions of a graph input, {@code -1} for a symbolic one. */
    public long[] inputDims(String input) {
        long[] d = inputDims.get(input);
        return d == null ? null : d.clone();
    }

    /** The graph's outputs, in order. */
    public List<String> outputNames() {
        return outputs;
    }

    /** What {@link GraphModuleBuilder#simplify} did, or empty. */
    public String simplifications() {
        return simplified;
    }

    /** The default-domain opset the graph was written for. */
    public int opset() {
        return opset;
    }

    /** The child module that runs a node, or null when the node runs an op from the table. */
    public String moduleName(GraphNode node) {
        return layers.get(node.name());
    }

    /** The node a child module runs for, or null. */
    public GraphNode nodeOf(String moduleName) {
        for (GraphNode n : nodes) {
            if (moduleName.equals(layers.get(n.name()))) {
                return n;
            }
        }
        return null;
    }

    /** The module name of a node name: dots (path separators) become underscores. */
    public static String moduleNameOf(String nodeName) {
        return nodeName.replace('.', '_');
    }

    /** The value of a constant edge (an initializer the graph reads, with its current value), or null. */
    public HostTensor constant(String edge) {
        String buf = constantBuffers.get(edge);
        if (buf != null) {
            Tensor t = ownBuffers().get(buf).value();
            return HostTensor.ofFloats(t.toFloatArray(), t.shape());
        }
        Value.Ints i = intConstants.get(edge);
        return i == null ? null : HostTensor.ofInts(i.data(), i.shape());
    }

    /** Edges that carry a quantizer, with the quantizer's child name, in the order they were placed. */
    public Map<String, String> edgeQuantizers() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(edgeQuantizers));
    }

    /**
     * The nodes (layers and integer ops, by module name) each edge quantizer was placed for, by the
     * quantizer's child name (see {@link #quantizeEdge}): with every one of them left float the
     * placement would not quantize the edge.
     */
    public Map<String, Set<String>> edgeQuantizerLayers() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(edgeQuantizerLayers));
    }

    /**
     * Quantizes the value of {@code edge} where it is produced with {@code quantizer}, registered as
     * child {@code name}; every reader of the edge sees the quantized value.
     *
     * @param forLayers the nodes (by {@linkplain #moduleNameOf module name}: layer children, or ops
     *     such as an integer Add) whose quantized computation needs the edge quantized, so that with
     *     all of them left float it would not be
     */
    public void quantizeEdge(String edge, String name, Module quantizer, Set<String> forLayers) {
        for (String l : forLayers) {
            if (nodes.stream().noneMatch(n -> moduleNameOf(n.name()).equals(l))) {
                throw new IllegalArgumentException("expected the nodes an edge quantizer is placed for to be nodes of the graph"
                        + " (module names), found '" + l + "' for edge '" + edge + "'");
            }
        }
        register(name, quantizer);
        edgeQuantizers.put(edge, name);
        edgeQuantizerLayers.put(name, Collections.unmodifiableSet(new LinkedHashSet<>(forLayers)));
    }

    /**
     * The edge a node's name stands for: its first output. {@code name} may be the ONNX node name,
     * its {@linkplain #moduleNameOf module name}, or an edge (a node output) itself.
     *
     * @throws GraphException naming the graph's closest nodes when none matches
     */
    public String edgeOf(String name) {
        return NodeNames.edgeOf(nodes, name);
    }

    /**
     * Records the values of these edges on every later forward, after their edge quantizers (what the
     * next op reads); {@link #taps()} holds the last forward's. They stay alive as the output does.
     * An empty set stops recording.
     *
     * @param edges edge names ({@link #edgeOf})
     */
    public void tap(Collection<String> edges) {
        for (String e : edges) {
            if (nodes.stream().noneMatch(n -> n.outputs().contains(e))) {
                throw new IllegalArgumentException("expected edge names, node outputs (see edgeOf), found '" + e + "'");
            }
        }
        tapped = Set.copyOf(edges);
        taps = Map.of();
    }

    /** The tapped edges' values of the last forward, by edge name (empty before one, or when none is tapped). */
    public Map<String, Tensor> taps() {
        return taps;
    }

    @Override
    protected void afterCopy(Module original) {
        tapped = Set.of();
        taps = Map.of();
        edgeQuantizers = new LinkedHashMap<>(((GraphModule) original).edgeQuantizers);
        edgeQuantizerLayers = new LinkedHashMap<>(((GraphModule) original).edgeQuantizerLayers);
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        if (inputs.size() != 1) {
            throw new GraphException("expected a graph with one input for forward(x), found " + inputs, "graph inputs",
                    "Call run(Map) with every input by name.");
        }
        return run(Map.of(inputs.get(0), x)).get(outputs.get(0));
    }

    /** Runs the graph on named float inputs; returns every graph output by name (integer outputs as floats). */
    public Map<String, Tensor> run(Map<String, Tensor> given) {
        Map<String, Value> in = new LinkedHashMap<>();
        given.forEach((k, t) -> in.put(k, new Value.Dense(t)));
        Map<String, Tensor> result = new LinkedHashMap<>();
        runValues(in).forEach((k, v) -> result.put(k, v instanceof Value.Dense d ? d.tensor() : ((Value.Ints) v).toTensor()));
        return result;
    }

    /** Runs the graph on named input values (integer inputs as {@link Value.Ints}); returns every graph output by name. */
    public Map<String, Value> runValues(Map<String, Value> given) {
        Map<String, Value> env = new HashMap<>();
        if (!tapped.isEmpty()) {
            taps = new LinkedHashMap<>();
        }
        for (String in : inputs) {
            if (given.get(in) == null) {
                throw new GraphException("expected a value for graph input '" + in + "', found none (given: " + given.keySet() + ")",
                        "graph inputs", "Give every input: " + inputs + ".");
            }
        }
        // without gradients or a tracer, a value is freed once its last reader has run
        EdgeRelease release = EdgeRelease.start(dyingAfter, tapped, given.values());
        for (String in : inputs) {
            put(env, in, given.get(in), release);
        }
        for (int k = 0; k < nodes.size(); k++) {
            GraphNode n = nodes.get(k);
            List<Value> out = runNode(n, env, release);
            for (int i = 0; i < n.outputs().size() && i < out.size(); i++) {
                if (!n.outputs().get(i).isEmpty()) {
                    put(env, n.outputs().get(i), out.get(i), release);
                }
            }
            if (release != null) {
                release.afterNode(k, env);
            }
        }
        Map<String, Value> result = new LinkedHashMap<>();
        for (String o : outputs) {
            result.put(o, lookup(env, o, null));
        }
        return result;
    }

    private void put(Map<String, Value> env, String edge, Value v, EdgeRelease release) {
        String q = edgeQuantizers.get(edge);
        if (q != null && v instanceof Value.Dense d) {
            Value raw = v;
            v = new Value.Dense(children().get(q).forward(d.tensor()));
            if (release != null) {
                release.replaced(raw, v);
            }
        }
        if (tapped.contains(edge) && v instanceof Value.Dense d) {
            taps.put(edge, d.tensor());
            keepWithOutput(d.tensor());
        }
        env.put(edge, v);
        if (release != null) {
            release.stored(v);
        }
    }

    private Value lookup(Map<String, Value> env, String edge, GraphNode reader) {
        Value v = env.get(edge);
        if (v != null) {
            return v;
        }
        String buf = constantBuffers.get(edge);
        if (buf != null) {
            Buffer b = ownBuffers().get(buf);
            return new Value.Dense(b.value());
        }
        Value.Ints ints = intConstants.get(edge);
        if (ints != null) {
            return ints;
        }
        throw new GraphException("expected value '" + edge + "' to be computed before it is read, found no producer", reader == null
                ? "graph outputs" : reader.op() + " node '" + reader.name() + "'", "The graph must be topologically sorted and complete.");
    }

    private List<Value> runNode(GraphNode n, Map<String, Value> env, EdgeRelease release) {
        String child = layers.get(n.name());
        List<Value> in = new ArrayList<>(n.inputs().size());
        // a layer reads its data input; its weights are its own parameters
        for (String name : child != null ? n.inputs().subList(0, 1) : n.inputs()) {
            in.add(name.isEmpty() ? null : lookup(env, name, n));
        }
        OpCall call = new OpCall(n, in, opset);
        try {
            if (child != null) {
                Tensor x = call.dense(0);
                if (prePadded.containsKey(n.name())) {
                    x = LayerPads.apply(call, x);
                }
                return OpCall.out(children().get(child).forward(x));
            }
            GraphOp op = GraphOps.get(n.op());
            if (op == null) {
                throw GraphModuleBuilder.unsupported(n, opset);
            }
            return release == null ? op.apply(call) : release.scoped(() -> op.apply(call));
        } catch (Quant4jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GraphException(n, "failed on inputs " + shapes(in) + ": " + e.getMessage(),
                    "Check the node's inputs and attributes against the ONNX specification.", e);
        }
    }

    private static String shapes(List<Value> in) {
        List<String> s = new ArrayList<>();
        for (Value v : in) {
            s.add(v == null ? "-" : Arrays.toString(v.shape()));
        }
        return s.toString();
    }

    @Override
    public String extraRepr() {
        return nodes.size() + " nodes, inputs " + inputs + ", outputs " + outputs + ", opset " + opset;
    }
}
