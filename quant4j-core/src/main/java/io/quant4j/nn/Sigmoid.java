package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** {@code y = 1 / (1 + exp(-x))}. Elementwise; no parameters. */
public class Sigmoid extends Module {
    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.sigmoid();
    }
}
