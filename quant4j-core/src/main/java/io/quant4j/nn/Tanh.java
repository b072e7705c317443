package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** {@code y = tanh(x)}. Elementwise; no parameters. */
public class Tanh extends Module {
    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.tanh();
    }
}
