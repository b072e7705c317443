package io.quant4j.nn;

import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;

/**
 * A named tensor owned by a module: a trainable {@link Parameter} or a {@link Buffer}. Its array
 * lives in the engine's root manager and is freed by {@link #release()} (or the module's
 * {@code close()}).
 */
public abstract sealed class StateEntry permits Parameter, Buffer {
    private Tensor value;

    StateEntry(Tensor value) {
        this.value = adopt(value);
    }

    /** The current value (parameters: the leaf tensor autograd accumulates into). */
    public Tensor value() {
        return value;
    }

    /** Replaces the value (shape must match); the old array is freed. */
    public void assign(Tensor newValue) {
        long[] a = value.shape();
        long[] b = newValue.shape();
        if (!java.util.Arrays.equals(a, b)) {
            throw new IllegalArgumentException("expected shape " + java.util.Arrays.toString(a)
                    + ", found " + java.util.Arrays.toString(b));
        }
        Tensor old = value;
        value = adopt(newValue);
        if (old.ndArray() != value.ndArray()) {
            old.ndArray().close();
        }
    }

    /** Frees the array. */
    public void release() {
        value.ndArray().close();
    }

    /** Whether this entry is trained by the optimizer. */
    public abstract boolean trainable();

    private Tensor adopt(Tensor t) {
        t.ndArray().attach(Engines.root());
        Tensor owned = Tensor.of(t.ndArray());
        if (trainable() && !owned.requiresGrad()) {
            owned.requiresGrad(true);
        }
        return owned;
    }
}
