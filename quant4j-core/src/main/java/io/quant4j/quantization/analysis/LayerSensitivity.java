package io.quant4j.quantization.analysis;

import java.util.List;

/**
 * How much one layer's quantization costs, measured both ways on a calibrated model.
 *
 * @param layer the layer's dotted module path (what {@code skip_modules} names)
 * @param quantizers its quantizers' dotted paths
 * @param onlyQuantized the metric with only this layer quantized, every other layer in float
 *     (NaN when not measured)
 * @param onlyFloat the metric with every layer quantized except this one
 */
public record LayerSensitivity(String layer, List<String> quantizers, double onlyQuantized, double onlyFloat) {
    public LayerSensitivity {
        if (layer == null || layer.isEmpty()) {
            throw new IllegalArgumentException("expected a layer path, found " + (layer == null ? "null" : "an empty path"));
        }
        quantizers = List.copyOf(quantizers);
        if (quantizers.isEmpty()) {
            throw new IllegalArgumentException("expected the quantizers of layer " + layer + ", found none");
        }
    }

    /**
     * What leaving this layer in float recovers over the fully quantized model's
     * {@code allQuantized}: positive when it helps.
     */
    public double gainInFloat(double allQuantized) {
        return onlyFloat - allQuantized;
    }

    /** What quantizing only this layer costs against the float model's {@code allFloat}: positive when it hurts. */
    public double lossWhenQuantized(double allFloat) {
        return allFloat - onlyQuantized;
    }
}
