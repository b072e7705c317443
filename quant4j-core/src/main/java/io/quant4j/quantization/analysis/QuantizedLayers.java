package io.quant4j.quantization.analysis;

import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled quantizers of a quantized model grouped by layer, in model order, and the switch that
 * leaves a set of layers in float. A layer is exactly what {@code skip_modules} names to leave it
 * float: the module that owns a quantizer slot ({@code conv1} for {@code conv1._input_quantizer}
 * and {@code conv1._weight_quantizer}), or the quantizer itself when it is a module of its own (a
 * quantized shortcut such as {@code layer1.0.residual}). An edge quantizer of an imported graph
 * ({@link GraphModule#quantizeEdge}) belongs to the nodes it was placed for: the convolutions
 * and Linear layers whose input or output it quantizes, and the integer ops (an imported graph's
 * Add, Mul, Concat or pool on ONNX Runtime, named by their node) that read or write it. It is left
 * float when all of them are, as skipping them all removes it; so a "layer" here is a layer or an
 * integer op, each a name {@code skip_modules} accepts.
 *
 * <p>Leaving a layer in float disables its quantizers (they become the identity), so the other
 * layers keep their calibrated amax. A {@link io.quant4j.quantization.TiedQuantizer} follows its
 * owner's switch. Placements can differ a little when a module is really skipped (a dataflow
 * placement may then quantize a neighbour's input differently), which is why the budget search
 * re-calibrates with the chosen {@code skip_modules} at the end.
 */
public final class QuantizedLayers {
    /** Enabled quantizers by path, in model order. */
    private final Map<String, TensorQuantizer> quantizers;
    /** Quantizer path to the layers that leave it float together (empty: none does). */
    private final Map<String, Set<String>> layersOf;
    private final List<String> names;

    private QuantizedLayers(Map<String, TensorQuantizer> quantizers, Map<String, Set<String>> layersOf) {
        this.quantizers = quantizers;
        this.layersOf = layersOf;
        Set<String> n = new LinkedHashSet<>();
        layersOf.values().forEach(n::addAll);
        this.names = List.copyOf(n);
    }

    /**
     * The enabled quantizers of {@code model} by layer.
     *
     * @throws IllegalArgumentException when the model has no enabled quantizer
     */
    public static QuantizedLayers of(Module model) {
        Map<String, Set<String>> edges = model instanceof GraphModule g ? g.edgeQuantizerLayers() : Map.of();
        Map<String, TensorQuantizer> quantizers = new LinkedHashMap<>();
        Map<String, Set<String>> layersOf = new LinkedHashMap<>();
        QuantizationCalibrator.quantizers(model).forEach((path, q) -> {
            if (q.isEnabled()) {
                quantizers.put(path, q);
                layersOf.put(path, edges.containsKey(path) ? edges.get(path) : Set.of(layerOf(path)));
            }
        });
        if (quantizers.isEmpty()) {
            throw new IllegalArgumentException("expected a quantized model with enabled quantizers, found none");
        }
        return new QuantizedLayers(quantizers, layersOf);
    }

    /**
     * The layer of a quantizer path when it is not an edge quantizer of a graph: the owner of a slot
     * ({@code a.b} for {@code a.b._input_quantizer}), else the path itself.
     */
    public static String layerOf(String quantizerPath) {
        int dot = quantizerPath.lastIndexOf('.');
        boolean slot = quantizerPath.startsWith("_", dot + 1);
        if (slot && dot > 0) {
            return quantizerPath.substring(0, dot);
        }
        return quantizerPath;
    }

    /** The layers' paths (names {@code skip_modules} accepts), in model order. */
    public List<String> names() {
        return names;
    }

    /** Every enabled quantizer's path to the layers that leave it float together, in model order. */
    public Map<String, List<String>> layersByQuantizer() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        layersOf.forEach((p, l) -> out.put(p, List.copyOf(l)));
        return out;
    }

    /**
     * The sets of two or more layers that one quantizer needs float together (an imported graph's
     * tensor that a conv writes and an integer Add reads, say), distinct, in model order of their
     * first quantizer: what no single layer left in float removes.
     */
    public List<List<String>> sharedGroups() {
        Set<Set<String>> seen = new LinkedHashSet<>();
        layersOf.values().forEach(l -> {
            if (l.size() > 1) {
                seen.add(l);
            }
        });
        return seen.stream().map(List::copyOf).toList();
    }

    /** The quantizer paths of one layer: each quantizer it is one of the layers of. */
    public List<String> quantizerPaths(String layer) {
        check(layer);
        List<String> out = new ArrayList<>();
        layersOf.forEach((p, l) -> {
            if (l.contains(layer)) {
                out.add(p);
            }
        });
        return out;
    }

    /** The number of layers. */
    public int size() {
        return names.size();
    }

    /**
     * Leaves exactly {@code floatLayers} in float: each quantizer whose layers are all among them
     * disabled, every other enabled.
     *
     * @throws IllegalArgumentException for a name that is not a quantized layer
     */
    public void leaveFloat(Collection<String> floatLayers) {
        Set<String> f = Set.copyOf(floatLayers);
        f.forEach(this::check);
        quantizers.forEach((p, q) -> {
            Set<String> l = layersOf.get(p);
            if (f.containsAll(l)) {
                q.disable();
            } else {
                q.enable();
            }
        });
    }

    /** Quantizes only {@code layer}: every other layer in float. */
    public void quantizeOnly(String layer) {
        List<String> others = new ArrayList<>(names);
        if (!others.remove(layer)) {
            check(layer);
        }
        leaveFloat(others);
    }

    /** Every layer quantized (the state after calibration). */
    public void quantizeAll() {
        leaveFloat(List.of());
    }

    /** Every quantizer disabled: the model computes as the float model it was copied from. */
    public void floatAll() {
        quantizers.values().forEach(TensorQuantizer::disable);
    }

    private void check(String layer) {
        if (!names.contains(layer)) {
            throw new IllegalArgumentException("expected one of the quantized layers " + names + ", found " + layer);
        }
    }
}
