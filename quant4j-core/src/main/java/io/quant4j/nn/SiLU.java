package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** {@code y = x * sigmoid(x)}. Elementwise; no parameters. */
public class SiLU extends Module {
    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.silu();
    }
}
