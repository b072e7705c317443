package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/**
 * A non-trainable tensor of a module that is saved with its state dict (BatchNorm running
 * statistics, a quantizer's {@code amax}).
 */
public final class Buffer extends StateEntry {
    public Buffer(Tensor value) {
        super(value);
    }

    @Override
    public boolean trainable() {
        return false;
    }
}
