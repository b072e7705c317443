package io.quant4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * SGD with momentum, as {@code torch.optim.SGD} (dampening 0):
 * <pre>
 *   g = grad + wd * p
 *   buf = momentum * buf + g      (buf starts at 0, so the first step gives buf = g)
 *   g = nesterov ? g + momentum * buf : buf
 *   p = p - lr * g
 * </pre>
 * Worked example (momentum 0.9, wd 0.1, lr 0.5): p = 1, grad = 2 gives g = 2.1, buf = 2.1,
 * p = -0.05; then grad = 1 gives g = 0.995, buf = 2.885, p = -1.4925.
 *
 * <p>Speed: without nesterov the update is one native call per parameter. That kernel keeps the
 * buffer scaled by the learning rate ({@code s = lr * buf}); passing
 * {@code momentum * lr_t / lr_(t-1)} as its momentum keeps {@code s_t = lr_t * buf_t} exactly, so
 * the result is PyTorch's also when the learning rate changes every step. The scale is tracked
 * per parameter and {@link #state()} returns the unscaled {@code momentum_buffer} (PyTorch's
 * state) together with the kernel's own {@code momentum_lr_scaled} buffer and its
 * {@code momentum_lr} scale, so that a resumed run continues bit for bit: unscaling and rescaling
 * would round differently from the uninterrupted run. A state without the scaled pair (PyTorch's)
 * starts from the unscaled buffer.
 */
public final class Sgd implements Optimizer {
    private static final String MOMENTUM = ".momentum_buffer";
    private static final String SCALED = ".momentum_lr_scaled";
    private static final String SCALE = ".momentum_lr";

    private final Map<String, Parameter> params;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final Predicate<String> decay;
    private final Map<String, NDArray> buffers = new HashMap<>();
    private final Map<String, double[]> scales = new HashMap<>();
    private long steps;

    /** Weight decay on every parameter. */
    public Sgd(Map<String, Parameter> params, float momentum, boolean nesterov, float weightDecay) {
        this(params, momentum, nesterov, weightDecay, name -> true);
    }

    /**
     * @param params parameters by name
     * @param momentum momentum factor ({@code >= 0})
     * @param nesterov Nesterov momentum (needs {@code momentum > 0})
     * @param weightDecay L2 penalty added to the gradient ({@code >= 0})
     * @param decay which parameter names get weight decay
     */
    public Sgd(Map<String, Parameter> params, float momentum, boolean nesterov, float weightDecay, Predicate<String> decay) {
        if (!(momentum >= 0) || !(weightDecay >= 0) || (nesterov && momentum == 0)) {
            throw new IllegalArgumentException("expected momentum >= 0, weight decay >= 0 and momentum > 0 with nesterov;"
                    + " found momentum " + momentum + ", weight decay " + weightDecay + ", nesterov " + nesterov);
        }
        this.params = new LinkedHashMap<>(params);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.decay = decay;
    }

    @Override
    public void step(float lr) {
        GradientSweep.run(params, (name, w, g, tmp) -> {
            float wd = weightDecay != 0 && decay.test(name) ? weightDecay : 0f;
            if (momentum == 0) {
                JniUtils.sgdUpdate(w, g, g, lr, wd, 1f, -1f, 0f);
            } else {
                update(name, w, g, lr, wd, tmp);
            }
        });
        steps++;
    }

    private void update(String name, PtNDArray w, PtNDArray g, float lr, float wd, NDManager tmp) {
        NDArray s = buffers.get(name);
        double[] scale = scales.get(name);
        if (s == null) {
            s = w.zerosLike();
            s.attach(Engines.root());
            buffers.put(name, s);
            scale = new double[] {1.0};
            scales.put(name, scale);
        }
        if (!nesterov && lr > 0) {
            float m = (float) (momentum * (double) lr / scale[0]);
            JniUtils.sgdUpdate(w, g, (PtNDArray) s, lr, wd, 1f, -1f, m);
            scale[0] = lr;
            return;
        }
        // explicit PyTorch form with an unscaled buffer (nesterov, or lr == 0)
        if (scale[0] != 1.0) {
            s.muli((float) (1.0 / scale[0]));
            scale[0] = 1.0;
        }
        NDArray d = g;
        if (wd != 0) {
            NDArray decayTerm = w.mul(wd);
            decayTerm.attach(tmp);
            d = g.add(decayTerm);
            d.attach(tmp);
        }
        s.muli(momentum).addi(d);
        if (lr != 0) {
            NDArray upd = s;
            if (nesterov) {
                NDArray ms = s.mul(momentum);
                ms.attach(tmp);
                upd = d.add(ms);
                upd.attach(tmp);
            }
            NDArray delta = upd.mul(lr);
            delta.attach(tmp);
            w.subi(delta);
        }
    }

    @Override
    public Map<String, Parameter> parameters() {
        return params;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        NDManager m = Scope.creationManager();
        try (Autograd.Recording off = Autograd.noGrad()) {
            for (String name : params.keySet()) {
                NDArray s = buffers.get(name);
                if (s == null) {
                    continue;
                }
                float scale = (float) scales.get(name)[0];
                NDArray buf = s.div(scale);
                buf.attach(m);
                out.put(name + MOMENTUM, Tensor.of(buf));
                NDArray raw = s.duplicate();
                raw.attach(m);
                out.put(name + SCALED, Tensor.of(raw));
                out.put(name + SCALE, Tensor.of(m.create(scale)));
            }
        }
        return out;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        close();
        state.forEach((k, v) -> {
            if (k.endsWith(MOMENTUM)) {
                String name = k.substring(0, k.length() - MOMENTUM.length());
                Parameter p = params.get(name);
                if (p != null) {
                    Tensor scaled = state.get(name + SCALED);
                    Tensor scale = state.get(name + SCALE);
                    boolean exact = scaled != null && scale != null;
                    Tensor src = exact ? scaled : v;
                    OptimizerState.checkShape(exact ? name + SCALED : k, src, p);
                    NDArray copy = src.ndArray().duplicate();
                    copy.attach(Engines.root());
                    buffers.put(name, copy);
                    scales.put(name, new double[] {exact ? scale.item() : 1.0});
                }
            }
        });
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void steps(long n) {
        steps = n;
    }

    @Override
    public List<String> decayed() {
        List<String> out = new ArrayList<>();
        if (weightDecay != 0) {
            params.keySet().stream().filter(decay).forEach(out::add);
        }
        return out;
    }

    @Override
    public String kind() {
        return "sgd";
    }

    @Override
    public void close() {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        scales.clear();
    }

    /** Momentum factor. */
    public float momentum() {
        return momentum;
    }

    /** Whether the update uses Nesterov momentum. */
    public boolean nesterov() {
        return nesterov;
    }

    /** Weight decay. */
    public float weightDecay() {
        return weightDecay;
    }
}
