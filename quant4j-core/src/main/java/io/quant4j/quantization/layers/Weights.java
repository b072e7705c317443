package io.quant4j.quantization.layers;

import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Tensor;

/** Copies float weights into a freshly built quantized layer. */
final class Weights {
    private Weights() {}

    /** Copies {@code from}'s value into {@code to} (null-safe when both are absent). */
    static void copy(Parameter from, Parameter to) {
        if (from == null && to == null) {
            return;
        }
        to.assign(Tensor.of(from.value().ndArray().duplicate()));
        to.freeze(from.frozen());
    }
}
