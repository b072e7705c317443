package io.quant4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Exponential moving average of a model's state (parameters and floating-point buffers such as
 * batch-norm running statistics; integer buffers are copied), updated after each optimizer step:
 * {@code ema = decay * ema + (1 - decay) * value}. With decay 0.9 and a weight going 0 -> 1, the
 * average is 0.1 after one update and 0.19 after two.
 */
public final class ModelEma implements AutoCloseable {
    private final double decay;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();
    private long updates;

    /** Starts the average at the model's current state. */
    public ModelEma(Module model, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("expected an EMA decay in (0, 1), found " + decay);
        }
        this.decay = decay;
        try (Autograd.Recording off = Autograd.noGrad()) {
            model.stateTensors().forEach((k, v) -> shadow.put(k, owned(v.ndArray())));
        }
    }

    private static NDArray owned(NDArray a) {
        NDArray c = a.duplicate();
        c.attach(Engines.root());
        return c;
    }

    /** Moves the average one step towards the model's current state. */
    public void update(Module model) {
        float d = (float) decay;
        try (Autograd.Recording off = Autograd.noGrad(); Scope s = Scope.open()) {
            for (Map.Entry<String, Tensor> e : model.stateTensors().entrySet()) {
                NDArray avg = shadow.get(e.getKey());
                NDArray v = e.getValue().ndArray();
                if (avg == null) {
                    throw new IllegalStateException("the model gained state entry " + e.getKey() + " after the EMA was created");
                }
                if (isFloating(v.getDataType())) {
                    NDArray scaled = v.mul(1f - d);
                    scaled.attach(s.manager());
                    avg.muli(d).addi(scaled);
                } else {
                    NDArray copy = owned(v);
                    shadow.put(e.getKey(), copy).close();
                }
            }
        }
        updates++;
    }

    private static boolean isFloating(DataType t) {
        return t == DataType.FLOAT32 || t == DataType.FLOAT64 || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    /** The averaged state by name (the EMA's own tensors: read, do not close). */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        shadow.forEach((k, v) -> out.put(k, Tensor.of(v)));
        return out;
    }

    /** Replaces the average by saved values (copied). */
    public void load(Map<String, Tensor> values) {
        for (Map.Entry<String, NDArray> e : shadow.entrySet()) {
            Tensor v = values.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException("EMA state misses " + e.getKey());
            }
            if (!v.ndArray().getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("EMA state " + e.getKey() + ": expected shape " + e.getValue().getShape()
                        + ", found " + v.ndArray().getShape());
            }
        }
        shadow.replaceAll((k, old) -> {
            NDArray c = owned(values.get(k).ndArray().toType(old.getDataType(), true));
            old.close();
            return c;
        });
    }

    /** Runs {@code body} with the averaged weights in the model, then puts the model's own back. */
    public <T> T withAveragedWeights(Module model, Supplier<T> body) {
        Map<String, Tensor> backup = new LinkedHashMap<>();
        try (Scope s = Scope.open()) {
            try (Autograd.Recording off = Autograd.noGrad()) {
                model.stateTensors().forEach((k, v) -> {
                    NDArray c = v.ndArray().duplicate();
                    c.attach(s.manager());
                    backup.put(k, Tensor.of(c));
                });
                StateDict.load(model, state(), true, "EMA weights");
            }
            try {
                return body.get();
            } finally {
                try (Autograd.Recording off = Autograd.noGrad()) {
                    StateDict.load(model, backup, true, "model weights");
                }
            }
        }
    }

    /** Number of updates so far. */
    public long updates() {
        return updates;
    }

    /** The decay. */
    public double decay() {
        return decay;
    }

    @Override
    public void close() {
        shadow.values().forEach(NDArray::close);
        shadow.clear();
    }
}
