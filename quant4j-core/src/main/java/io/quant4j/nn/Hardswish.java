package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** {@code y = x * relu6(x + 3) / 6}. Elementwise; no parameters. */
public class Hardswish extends Module {
    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.hardswish();
    }
}
