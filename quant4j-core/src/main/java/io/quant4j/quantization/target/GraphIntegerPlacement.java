package io.quant4j.quantization.target;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Identity;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.nn.graph.GraphNode;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.quantization.layers.Activation;
import io.quant4j.quantization.layers.IntegerConv2d;
import io.quant4j.quantization.layers.IntegerLayer;
import io.quant4j.quantization.layers.IntegerLinear;
import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.quantization.selective.QuantizationReport;
import io.quant4j.quantization.selective.ReplacementAction;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.selective.SkipRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Quantizes a {@link GraphModule} (an imported ONNX graph) for ONNX Runtime's integer kernels,
 * from its explicit graph ({@link GraphIntegerPlan}):
 * <ol>
 *   <li>Every convolution layer becomes an {@link IntegerConv2d} (a BatchNorm layer that alone
 *       reads it is folded in and becomes {@link Identity}); every Linear layer (Gemm, MatMul with
 *       a constant weight) an {@link IntegerLinear}; weights per output channel, int32 biases.
 *   <li>Add, Mul (of two computed tensors), GlobalAveragePool, AveragePool and Concat run on
 *       integers (QLinearAdd, QLinearMul, QLinearGlobalAveragePool, QLinearAveragePool,
 *       QLinearConcat).
 *   <li>The inputs and outputs of those ops are quantized once per edge, where the value is
 *       produced ({@link GraphModule#quantizeEdge}); an output read only by a Relu (or a Clip at 0)
 *       is quantized after it, unsigned, so the integer kernel absorbs the activation.
 *   <li>Value-preserving ops (MaxPool, Resize, Reshape, Transpose, Flatten, Squeeze, Unsqueeze,
 *       Slice, Gather, Split, Identity) on a quantized input run on the integers: their output
 *       shares the input's quantizer ({@link TiedQuantizer}) and ONNX Runtime drops their Q/DQ.
 *   <li>Unsigned where the tensor is non-negative by construction (Relu, Sigmoid, HardSigmoid,
 *       Softmax, Clip at 0, and pools, concatenations and value-preserving ops of such), else
 *       signed. Graph outputs stay float. Skipped layers stay float.
 * </ol>
 * Each edge quantizer records the nodes it was placed for ({@link GraphModule#quantizeEdge}): the
 * convolutions and Linear layers whose input or output it quantizes and the integer ops that read
 * or write it. Skipping all of them removes it; an integer op is skipped by its node's module name
 * ({@code --skip p2o_Add_3} for node {@code p2o.Add.3}) and then runs in float. So the
 * accuracy-budget search and the report attribute every quantizer to names that
 * {@code skip_modules} accepts.

 * Other ops (HardSwish, HardSigmoid, Div, ...) run in float between a DequantizeLinear and a
 * QuantizeLinear; the report lists them.
 */
final class GraphIntegerPlacement implements ModelQuantizer {
    private final SelectiveQuantizerParams params;
    private final SkipRules skips;

    GraphIntegerPlacement(QuantizationSpec spec) {
        this.params = spec.params();
        this.skips = spec.skips();
    }

    @Override
    public QuantizationReport quantize(Module model) {
        GraphModule g = (GraphModule) model;
        Set<String> skippable = new java.util.LinkedHashSet<>(g.namedModules().keySet());
        skippable.addAll(GraphIntegerPlan.integerOpCandidates(g));
        SkipRules.checkExist(skippable, skips.names(), skips.patterns(), "module or integer op to skip");
        Map<String, Module> modules = g.namedModules();
        GraphIntegerPlan plan = GraphIntegerPlan.of(g, name -> skips.skips(modules, name, List.of()));
        List<QuantizationReport.Entry> entries = new ArrayList<>();
        Map<String, TensorQuantizer> owners = new HashMap<>();
        int n = 0;
        for (Map.Entry<String, String> e : plan.edges.entrySet()) {
            if (e.getKey().equals(e.getValue())) {
                TensorQuantizer q = new TensorQuantizer(params.activationDescriptor(plan.unsigned(e.getKey())));
                owners.put(e.getKey(), q);
                g.quantizeEdge(e.getKey(), "edge_quantizer_" + n++, q, plan.quantizedFor(e.getKey()));
            }
        }
        for (Map.Entry<String, String> e : plan.edges.entrySet()) {
            if (!e.getKey().equals(e.getValue())) {
                g.quantizeEdge(e.getKey(), "edge_quantizer_" + n++, new TiedQuantizer(owners.get(e.getValue())),
                        plan.quantizedFor(e.getValue()));
            }
        }
        for (GraphNode node : g.nodes()) {
            String name = g.moduleName(node);
            if (plan.convs.containsKey(node.name())) {
                String bnNode = plan.convs.get(node.name());
                GraphNode bnGraphNode = bnNode == null ? null : g.nodes().stream().filter(x -> x.name().equals(bnNode)).findFirst().orElseThrow();
                BatchNorm2d bn = bnGraphNode == null ? null : (BatchNorm2d) g.children().get(g.moduleName(bnGraphNode));
                IntegerConv2d q = IntegerConv2d.fromFloat((Conv2d) g.children().get(name), bn, Activation.NONE, params.weightDescriptor());
                connectInput(q, owners, plan, node);
                replace(g, name, q, "IntegerConv2d", entries);
                if (bn != null) {
                    replace(g, g.moduleName(bnGraphNode), new Identity(), "Identity (folded into " + name + ")", entries);
                }
            } else if (plan.linears.contains(node.name())) {
                IntegerLinear q = IntegerLinear.fromFloat((Linear) g.children().get(name), params.weightDescriptor());
                connectInput(q, owners, plan, node);
                replace(g, name, q, "IntegerLinear", entries);
            }
        }
        String summary = plan.convs.size() + " integer convs, " + plan.linears.size() + " integer linear layers, " + plan.integerOps.size()
                + " integer ops, " + plan.quantizedOwners().size() + " quantized tensors" + (plan.floatOps.isEmpty() ? ""
                : "; float between integer ops: " + plan.floatOps);
        String note = params.learnAmaxWeightsNote();
        return new QuantizationReport(entries, List.of(), note == null ? List.of() : List.of(note), List.of(summary));
    }

    /** The layer's input arrives quantized by its input edge's quantizer (which rounds the bias). */
    private static void connectInput(IntegerLayer q, Map<String, TensorQuantizer> owners, GraphIntegerPlan plan, GraphNode node) {
        String owner = plan.edges.get(node.inputs().get(0));
        if (owner != null) {
            q.inputQuantizedBy(owners.get(owner));
        }
    }

    private static void replace(GraphModule g, String name, Module q, String what, List<QuantizationReport.Entry> entries) {
        Module old = g.children().get(name);
        g.replace(name, q);
        entries.add(new QuantizationReport.Entry(name, old.typeName(), ReplacementAction.REPLACE, what, "graph"));
        old.close();
    }
}
