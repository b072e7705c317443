package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** {@code y = min(max(x, 0), 6)}. Elementwise; no parameters. */
public class ReLU6 extends Module {
    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.relu6();
    }
}
