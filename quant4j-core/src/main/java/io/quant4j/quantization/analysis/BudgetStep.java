package io.quant4j.quantization.analysis;

import java.util.List;

/**
 * One evaluation of the budget search.
 *
 * @param action {@code "add LAYER"} (the next most sensitive layer left in float) or
 *     {@code "drop LAYER"} (tried quantized again in the pruning pass)
 * @param floatLayers the layers in float while measured
 * @param metric the metric measured
 * @param kept whether the search kept this set
 */
public record BudgetStep(String action, List<String> floatLayers, double metric, boolean kept) {
    public BudgetStep {
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("expected an action (add or drop a layer), found none");
        }
        floatLayers = List.copyOf(floatLayers);
    }
}
