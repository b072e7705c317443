package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** A trainable tensor of a module (weights, biases, learnable clip bounds). Requires gradients. */
public final class Parameter extends StateEntry {
    private boolean frozen;

    public Parameter(Tensor value) {
        super(value);
    }

    @Override
    public boolean trainable() {
        return !frozen;
    }

    /** Excludes this parameter from optimization (its value is still saved and loaded). */
    public void freeze(boolean on) {
        frozen = on;
    }

    /** Whether the optimizer skips this parameter. */
    public boolean frozen() {
        return frozen;
    }
}
