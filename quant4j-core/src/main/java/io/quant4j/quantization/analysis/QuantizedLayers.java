package io.quant4j.quantization.analysis;

import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The enabled quantizers of a quantized model grouped by layer, in model order, and the switch that
 * leaves a set of layers in float. A layer is the module that owns a quantizer slot
 * ({@code conv1} for {@code conv1._input_quantizer} and {@code conv1._weight_quantizer}), or the
 * quantizer itself when it is a module of its own (a quantized shortcut such as
 * {@code layer1.0.residual}): exactly what {@code skip_modules} names to leave it float.
 *
 * <p>Leaving a layer in float disables its quantizers (they become the identity), so the other
 * layers keep their calibrated amax. A {@link io.quant4j.quantization.TiedQuantizer} follows its
 * owner's switch. Placements can differ a little when a module is really skipped (a dataflow
 * placement may then quantize a neighbour's input differently), which is why the budget search
 * re-calibrates with the chosen {@code skip_modules} at the end.
 */
public final class QuantizedLayers {
    private final Map<String, List<TensorQuantizer>> layers;
    private final Map<String, List<String>> paths;

    private QuantizedLayers(Map<String, List<TensorQuantizer>> layers, Map<String, List<String>> paths) {
        this.layers = layers;
        this.paths = paths;
    }

    /**
     * The enabled quantizers of {@code model} by layer.
     *
     * @throws IllegalArgumentException when the model has no enabled quantizer
     */
    public static QuantizedLayers of(Module model) {
        Map<String, List<TensorQuantizer>> layers = new LinkedHashMap<>();
        Map<String, List<String>> paths = new LinkedHashMap<>();
        QuantizationCalibrator.quantizers(model).forEach((path, q) -> {
            if (q.isEnabled()) {
                String layer = layerOf(path);
                layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(q);
                paths.computeIfAbsent(layer, k -> new ArrayList<>()).add(path);
            }
        });
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("expected a quantized model with enabled quantizers, found none");
        }
        return new QuantizedLayers(layers, paths);
    }

    /**
     * The layer of a quantizer path: the owner of a slot ({@code a.b} for {@code a.b._input_quantizer}),
     * else the path itself.
     */
    public static String layerOf(String quantizerPath) {
        int dot = quantizerPath.lastIndexOf('.');
        boolean slot = quantizerPath.startsWith("_", dot + 1);
        if (slot && dot > 0) {
            return quantizerPath.substring(0, dot);
        }
        return quantizerPath;
    }

    /** The layers' paths, in model order. */
    public List<String> names() {
        return List.copyOf(layers.keySet());
    }

    /** The quantizer paths of one layer. */
    public List<String> quantizerPaths(String layer) {
        List<String> p = paths.get(layer);
        if (p == null) {
            throw new IllegalArgumentException("expected one of the quantized layers " + names() + ", found " + layer);
        }
        return List.copyOf(p);
    }

    /** The number of layers. */
    public int size() {
        return layers.size();
    }

    /**
     * Leaves exactly {@code floatLayers} in float: their quantizers disabled, every other layer's
     * enabled.
     *
     * @throws IllegalArgumentException for a name that is not a quantized layer
     */
    public void leaveFloat(Collection<String> floatLayers) {
        Set<String> f = Set.copyOf(floatLayers);
        for (String l : f) {
            if (!layers.containsKey(l)) {
                throw new IllegalArgumentException("expected one of the quantized layers " + names() + ", found " + l);
            }
        }
        layers.forEach((l, qs) -> qs.forEach(q -> {
            if (f.contains(l)) {
                q.disable();
            } else {
                q.enable();
            }
        }));
    }

    /** Quantizes only {@code layer}: every other layer in float. */
    public void quantizeOnly(String layer) {
        List<String> others = new ArrayList<>(layers.keySet());
        if (!others.remove(layer)) {
            throw new IllegalArgumentException("expected one of the quantized layers " + names() + ", found " + layer);
        }
        leaveFloat(others);
    }

    /** Every layer quantized (the state after calibration). */
    public void quantizeAll() {
        leaveFloat(List.of());
    }

    /** Every layer in float: the model computes as the float model it was copied from. */
    public void floatAll() {
        leaveFloat(layers.keySet());
    }
}
