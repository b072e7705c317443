package io.quant4j.train;

import io.quant4j.nn.Parameter;
import java.util.Map;
import java.util.function.Predicate;

/**
 * LAMB (You et al., "Large Batch Optimization for Deep Learning", 2019): AdamW's update direction,
 * scaled per tensor so that every weight tensor moves by the learning rate times its own norm:
 * <pre>
 *   m = beta1 * m + (1 - beta1) * grad
 *   v = beta2 * v + (1 - beta2) * grad^2
 *   r = m / (1 - beta1^t) / (sqrt(v / (1 - beta2^t)) + eps) + wd * p
 *   p = p - lr * (||p|| / ||r||) * r          (||p|| or ||r|| zero: p - lr * r)
 * </pre>
 * Norms are Frobenius norms over the whole tensor. The step is invariant to a tensor's scale, which
 * matters when fine-tuning imported models: a convolution followed by a frozen BatchNorm of tiny
 * variance can hold weights of 1e-4, where Adam's fixed step of {@code lr} per element is a large
 * relative change. {@code lr} here is the relative change per step (1e-4 moves each tensor by 0.01 %).
 * State names as {@link Adam}.
 */
public final class Lamb extends Adam {
    /**
     * @param params parameters by name
     * @param beta1 decay of the first moment, in {@code [0, 1)}
     * @param beta2 decay of the second moment, in {@code [0, 1)}
     * @param eps added to the denominator
     * @param weightDecay decoupled weight decay ({@code >= 0}), part of {@code r}
     * @param decay which parameter names get weight decay
     */
    public Lamb(Map<String, Parameter> params, float beta1, float beta2, float eps, float weightDecay, Predicate<String> decay) {
        super(params, beta1, beta2, eps, weightDecay, decay, true, true);
    }

    @Override
    public String kind() {
        return "lamb";
    }
}
