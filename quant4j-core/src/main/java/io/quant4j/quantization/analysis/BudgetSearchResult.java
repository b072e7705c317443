package io.quant4j.quantization.analysis;

import java.util.List;

/**
 * What the budget search chose, and how.
 *
 * @param metric what was measured
 * @param allFloat the float model's metric
 * @param allQuantized the fully quantized model's metric
 * @param budget the largest loss allowed, in the metric's units
 * @param floatLayers the layers to leave in float ({@code skip_modules}), in model order
 * @param reached the metric with exactly those layers in float (before re-calibration)
 * @param met whether {@code reached >= allFloat - budget}
 * @param sensitivity the per-layer sensitivity the order came from
 * @param steps every evaluation of the search, in order
 */
public record BudgetSearchResult(String metric, double allFloat, double allQuantized, double budget, List<String> floatLayers,
                                 double reached, boolean met, SensitivityResult sensitivity, List<BudgetStep> steps) {
    public BudgetSearchResult {
        if (!(budget >= 0)) {
            throw new IllegalArgumentException("expected a budget >= 0, found " + budget);
        }
        floatLayers = List.copyOf(floatLayers);
        steps = List.copyOf(steps);
    }

    /** The lowest metric the budget allows. */
    public double threshold() {
        return allFloat - budget;
    }

    /** Evaluations the search ran after the sensitivity analysis. */
    public int evaluations() {
        return steps.size();
    }
}
