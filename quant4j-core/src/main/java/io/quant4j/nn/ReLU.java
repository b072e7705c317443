package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** {@code y = max(x, 0)}. Elementwise; no parameters. */
public class ReLU extends Module {
    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.relu();
    }
}
