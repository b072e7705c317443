package io.quant4j.recipe;

import java.util.List;

/**
 * {@code training_hyperparams.optimizer_params} (SuperGradients' names).
 *
 * @param momentum SGD momentum
 * @param nesterov SGD Nesterov momentum
 * @param weightDecay weight decay
 * @param betas Adam/AdamW betas {@code [beta1, beta2]}
 * @param eps Adam/AdamW epsilon
 */
public record OptimizerParams(double momentum, boolean nesterov, double weightDecay, List<Double> betas, double eps) {
    public OptimizerParams {
        betas = betas == null ? List.of(0.9, 0.999) : List.copyOf(betas);
        if (betas.size() != 2) {
            throw new IllegalArgumentException("expected betas [beta1, beta2], found " + betas);
        }
    }

    public static OptimizerParams defaults() {
        return new OptimizerParams(0.9, false, 5e-4, List.of(0.9, 0.999), 1e-8);
    }

    public OptimizerParams withWeightDecay(double wd) {
        return new OptimizerParams(momentum, nesterov, wd, betas, eps);
    }
}
