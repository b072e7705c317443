package io.quant4j.train;

import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adam, as {@code torch.optim.Adam} (amsgrad off), with L2 weight decay added to the gradient:
 * <pre>
 *   g = grad + wd * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Worked example (lr 0.1, betas 0.9/0.999, eps 1e-8, wd 0): p = 1, grad = 2 gives m = 0.2,
 * v = 0.004 and p = 1 - (0.1 / 0.1) * 0.2 / (sqrt(0.004) / sqrt(0.001) + 1e-8) = 1 - 0.2 / 2 = 0.9
 * (the first step moves every weight by lr).
 * State names as PyTorch: {@code exp_avg}, {@code exp_avg_sq}, {@code step} (per parameter).
 */
public sealed class Adam implements Optimizer permits AdamW, Lamb {
    private final AdamCore core;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0 on every parameter. */
    public Adam(Map<String, Parameter> params) {
        this(params, 0.9f, 0.999f, 1e-8f, 0f, name -> true);
    }

    /**
     * @param params parameters by name
     * @param beta1 decay of the first moment, in {@code [0, 1)}
     * @param beta2 decay of the second moment, in {@code [0, 1)}
     * @param eps added to the denominator
     * @param weightDecay weight decay ({@code >= 0})
     * @param decay which parameter names get weight decay
     */
    public Adam(Map<String, Parameter> params, float beta1, float beta2, float eps, float weightDecay, Predicate<String> decay) {
        this(params, beta1, beta2, eps, weightDecay, decay, false, false);
    }

    /**
     * {@code decoupled}: AdamW's weight decay ({@code p *= 1 - lr * wd} before the Adam step);
     * {@code trustRatio}: LAMB's per-tensor step ({@link AdamCore}).
     */
    Adam(Map<String, Parameter> params, float beta1, float beta2, float eps, float weightDecay, Predicate<String> decay,
         boolean decoupled, boolean trustRatio) {
        this.core = new AdamCore(params, beta1, beta2, eps, weightDecay, decoupled, decay, trustRatio);
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
        return "adam";
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
