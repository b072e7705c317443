package io.quant4j.quantization.analysis;

import java.util.Comparator;
import java.util.List;

/**
 * Every layer's sensitivity, with the two ends it is measured between.
 *
 * @param metric what was measured ({@link ModelMetric#name()})
 * @param allFloat the metric with every quantizer disabled (the float model)
 * @param allQuantized the metric with every layer quantized
 * @param layers one entry per quantized layer, in model order
 */
public record SensitivityResult(String metric, double allFloat, double allQuantized, List<LayerSensitivity> layers) {
    public SensitivityResult {
        layers = List.copyOf(layers);
    }

    /**
     * The layers most sensitive first: the largest gain when left in float alone, ties broken by
     * the larger loss when quantized alone, then by model order.
     */
    public List<LayerSensitivity> mostSensitiveFirst() {
        Comparator<LayerSensitivity> byGain = Comparator.comparingDouble(LayerSensitivity::onlyFloat).reversed();
        Comparator<LayerSensitivity> byLoss = Comparator.comparingDouble(
                (LayerSensitivity s) -> Double.isNaN(s.onlyQuantized()) ? Double.POSITIVE_INFINITY : s.onlyQuantized());
        return layers.stream().sorted(byGain.thenComparing(byLoss)).toList();
    }
}
