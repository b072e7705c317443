package io.quant4j.train;

import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Tensor;
import java.util.List;
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
public final class AdamW implements Optimizer {
    private final AdamCore core;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01 on every parameter. */
    public AdamW(Map<String, Parameter> params) {
        this(params, 0.9f, 0.999f, 1e-8f, 0.01f, name -> true);
    }

    /**
     * @param params parameters by name
     * @param beta1 decay of the first moment, in {@code [0, 1)}
     * @param beta2 decay of the second moment, in {@code [0, 1)}
     * @param eps added to the denominator
     * @param weightDecay weight decay ({@code >= 0})
     * @param decay which parameter names get weight decay
     */
    public AdamW(Map<String, Parameter> params, float beta1, float beta2, float eps, float weightDecay, Predicate<String> decay) {
        this.core = new AdamCore(params, beta1, beta2, eps, weightDecay, true, decay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(float lr) {
        core.step(lr);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return core.parameters();
    }

    @Override
    public Map<String, Tensor> state() {
        return core.state();
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        core.loadState(state);
    }

    @Override
    public long steps() {
        return core.steps();
    }

    @Override
    public void steps(long n) {
        core.steps(n);
    }

    @Override
    public List<String> decayed() {
        return core.decayed();
    }

    @Override
    public String kind() {
        return "adamw";
    }

    @Override
    public void close() {
        core.close();
    }

    public float beta1() {
        return beta1;
    }

    public float beta2() {
        return beta2;
    }

    public float eps() {
        return eps;
    }

    public float weightDecay() {
        return weightDecay;
    }
}
