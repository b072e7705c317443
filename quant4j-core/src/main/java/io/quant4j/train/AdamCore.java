package io.quant4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.quant4j.nn.Parameter;
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
 * Adam and AdamW updates (PyTorch's formulas, per-parameter step counts) with one native call per
 * parameter. That kernel computes {@code p -= a * m / (sqrt(v) + e)}; PyTorch's
 * {@code p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)} is the same with
 * {@code a = lr * sqrt(bc2) / bc1} and {@code e = eps * sqrt(bc2)}.
 *
 * <p>With {@code trustRatio} (LAMB) the same kernel runs at unit rate on a zero tensor, which leaves
 * Adam's direction there without touching the weight (a weight of 1e-4 stepped at unit rate and
 * back would lose its low bits); with the decoupled weight decay {@code r = dir + wd * p}, the
 * weight moves by {@code lr * ||p|| / ||r|| * r}, so that each tensor changes by {@code lr} of its
 * norm per step whatever its scale ({@code ||p||} or {@code ||r||} zero: by {@code lr * r}).
 */
final class AdamCore {
    private final Map<String, Parameter> params;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final Predicate<String> decay;
    private final boolean trustRatio;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private final Map<String, long[]> counts = new HashMap<>();
    private long steps;

    AdamCore(Map<String, Parameter> params, float beta1, float beta2, float eps, float weightDecay,
             boolean decoupled, Predicate<String> decay, boolean trustRatio) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("expected 0 <= beta1, beta2 < 1, eps >= 0 and weight decay >= 0; found betas ("
                    + beta1 + ", " + beta2 + "), eps " + eps + ", weight decay " + weightDecay);
        }
        this.params = new LinkedHashMap<>(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.decay = decay;
        this.trustRatio = trustRatio;
    }

    void step(float lr) {
        GradientSweep.run(params, (name, w, g, tmp) -> {
            NDArray[] mv = moments.get(name);
            if (mv == null) {
                mv = new NDArray[] {w.zerosLike(), w.zerosLike()};
                mv[0].attach(Engines.root());
                mv[1].attach(Engines.root());
                moments.put(name, mv);
                counts.put(name, new long[1]);
            }
            long t = ++counts.get(name)[0];
            double bc1 = 1 - Math.pow(beta1, t);
            double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
            float wd = weightDecay != 0 && decay.test(name) ? weightDecay : 0f;
            if (!trustRatio) {
                JniUtils.adamUpdate(w, g, (PtNDArray) mv[0], (PtNDArray) mv[1], lr, (float) (lr * sqrtBc2 / bc1), wd,
                        1f, -1f, beta1, beta2, (float) (eps * sqrtBc2), decoupled);
                return;
            }
            // the kernel on a zero tensor leaves -(Adam's direction) there, the weight untouched
            NDArray z = w.zerosLike();
            z.attach(tmp);
            JniUtils.adamUpdate((PtNDArray) z, g, (PtNDArray) mv[0], (PtNDArray) mv[1], 1f, (float) (sqrtBc2 / bc1), 0f,
                    1f, -1f, beta1, beta2, (float) (eps * sqrtBc2), true);
            NDArray r = z.negi();
            if (wd != 0) {
                NDArray decayed = w.mul(wd);
                decayed.attach(tmp);
                r.addi(decayed);
            }
            double wn = norm(w, tmp);
            double rn = norm(r, tmp);
            w.subi(r.muli((float) (lr * (wn > 0 && rn > 0 ? wn / rn : 1))));
        });
        steps++;
    }

    /** The Frobenius norm of {@code a}; its temporary goes to {@code tmp}. */
    private static double norm(NDArray a, NDManager tmp) {
        NDArray n = a.norm();
        n.attach(tmp);
        return n.getFloat();
    }

    Map<String, Parameter> parameters() {
        return params;
    }

    Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        NDManager m = Scope.creationManager();
        for (String name : params.keySet()) {
            NDArray[] mv = moments.get(name);
            if (mv == null) {
                continue;
            }
            out.put(name + ".exp_avg", copy(mv[0], m));
            out.put(name + ".exp_avg_sq", copy(mv[1], m));
            NDArray step = m.create((float) counts.get(name)[0]);
            out.put(name + ".step", Tensor.of(step));
        }
        return out;
    }

    private static Tensor copy(NDArray a, NDManager m) {
        NDArray c = a.duplicate();
        c.attach(m);
        return Tensor.of(c);
    }

    void loadState(Map<String, Tensor> state) {
        close();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String name = e.getKey();
            Tensor m = state.get(name + ".exp_avg");
            Tensor v = state.get(name + ".exp_avg_sq");
            Tensor t = state.get(name + ".step");
            if (m == null || v == null || t == null) {
                continue;
            }
            OptimizerState.checkShape(name + ".exp_avg", m, e.getValue());
            OptimizerState.checkShape(name + ".exp_avg_sq", v, e.getValue());
            NDArray mc = m.ndArray().duplicate();
            NDArray vc = v.ndArray().duplicate();
            mc.attach(Engines.root());
            vc.attach(Engines.root());
            moments.put(name, new NDArray[] {mc, vc});
            counts.put(name, new long[] {Math.round(t.item())});
        }
    }

    long steps() {
        return steps;
    }

    void steps(long n) {
        steps = n;
    }

    List<String> decayed() {
        List<String> out = new ArrayList<>();
        if (weightDecay != 0) {
            params.keySet().stream().filter(decay).forEach(out::add);
        }
        return out;
    }

    void close() {
        moments.values().forEach(mv -> {
            mv[0].close();
            mv[1].close();
        });
        moments.clear();
        counts.clear();
    }
}
