package io.quant4j.train;

import io.quant4j.nn.Parameter;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AdamW, as {@code torch.optim.AdamW} (amsgrad off): decoupled weight decay, then Adam:
 * <pre>
 *   p = p * (1 - lr * wd)
 *   m = beta1 * m + (1 - beta1) * grad
 *   v = beta2 * v + (1 - beta2) * grad^2
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * State names as PyTorch: {@code exp_avg}, {@code exp_avg_sq}, {@code step} (per parameter).
 */
public final class AdamW extends Adam {
    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01 on every parameter. */
    public AdamW(Map<String, Parameter> params) {
        this(params, 0.9f, 0.999f, 1e-8f, 0.01f, name -> true);
    }

    /**
     * @param params parameters by name
     * @param beta1 decay of the first moment, in {@code [0, 1)}
     * @param beta2 decay of the second moment, in {@code [0, 1)}
     * @param eps added to the denominator
     * @param weightDecay decoupled weight decay ({@code >= 0})
     * @param decay which parameter names get weight decay
     */
    public AdamW(Map<String, Parameter> params, float beta1, float beta2, float eps, float weightDecay, Predicate<String> decay) {
        super(params, beta1, beta2, eps, weightDecay, decay, true, false);
    }

    @Override
    public String kind() {
        return "adamw";
    }
}
