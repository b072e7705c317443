package io.quant4j.quantization.analysis;

import io.quant4j.nn.Module;

/**
 * A figure of a model on fixed data where higher is better: top-1 accuracy on labelled data, or
 * agreement with the float model's outputs (top-1 agreement, SQNR) on unlabelled data. The
 * sensitivity analysis and the budget search call it on one model whose quantizers they switch.
 */
public interface ModelMetric {
    /** What is measured, for messages and reports ({@code "top-1 accuracy"}, {@code "output SQNR (dB)"}). */
    String name();

    /**
     * The figure of {@code model} as it is now (quantizers as they are switched); the model is run
     * in eval mode without gradients.
     */
    double measure(Module model);
}
