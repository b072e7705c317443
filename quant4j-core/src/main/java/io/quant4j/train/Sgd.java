package io.quant4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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

/**
 * SGD with momentum, as {@code torch.optim.SGD} (dampening 0):
 * <pre>
 *   g = grad + wd * p
 *   buf = g                       (first step)
 *   buf = momentum * buf + g      (later steps)
 *   g = nesterov ? g + momentum * buf : buf
 *   p = p - lr * g
 * </pre>
 * Updates run in place under no-grad; every temporary lives in the step's scope.
 */
public final class Sgd implements Optimizer {
    private final Map<String, Parameter> params;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final Map<String, NDArray> buffers = new HashMap<>();
    private long steps;

    public Sgd(Map<String, Parameter> params, float momentum, boolean nesterov, float weightDecay) {
        if (momentum < 0 || weightDecay < 0 || (nesterov && momentum == 0)) {
            throw new IllegalArgumentException("expected momentum >= 0, weight decay >= 0 and momentum > 0 with nesterov;"
                    + " found momentum " + momentum + ", weight decay " + weightDecay + ", nesterov " + nesterov);
        }
        this.params = new LinkedHashMap<>(params);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(float lr) {
        try (Autograd.Recording off = Autograd.noGrad(); Scope s = Scope.open()) {
            NDManager tmp = s.manager();
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                Parameter p = e.getValue();
                if (!p.trainable()) {
                    continue;
                }
                NDArray w = p.value().ndArray();
                NDArray grad = in(tmp, w.getGradient());
                NDArray g = weightDecay != 0 ? in(tmp, grad.add(in(tmp, w.mul(weightDecay)))) : grad;
                if (momentum != 0) {
                    NDArray buf = buffers.get(e.getKey());
                    if (buf == null) {
                        buf = g.duplicate();
                        buf.attach(Engines.root());
                        buffers.put(e.getKey(), buf);
                    } else {
                        buf.muli(momentum).addi(g);
                    }
                    g = nesterov ? in(tmp, g.add(in(tmp, buf.mul(momentum)))) : buf;
                }
                w.subi(in(tmp, g.mul(lr)));
                grad.subi(grad);
            }
        }
        steps++;
    }

    /** Attaches a temporary to the step's manager (DJL puts results in the first operand's). */
    private static NDArray in(NDManager tmp, NDArray a) {
        a.attach(tmp);
        return a;
    }

    @Override
    public Map<String, Parameter> parameters() {
        return params;
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        buffers.forEach((k, v) -> out.put(k + ".momentum_buffer", Tensor.of(v)));
        return out;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        state.forEach((k, v) -> {
            if (k.endsWith(".momentum_buffer")) {
                NDArray copy = v.ndArray().duplicate();
                copy.attach(Engines.root());
                buffers.put(k.substring(0, k.length() - ".momentum_buffer".length()), copy);
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
        return weightDecay == 0 ? List.of() : new ArrayList<>(params.keySet());
    }
}
