package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** {@code y = x}. */
public class Identity extends Module {
    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x;
    }
}
