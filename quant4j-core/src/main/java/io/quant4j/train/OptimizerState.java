package io.quant4j.train;

import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;

/** Checks shared by the optimizers' {@code loadState}. */
final class OptimizerState {
    private OptimizerState() {}

    static void checkShape(String key, Tensor value, Parameter p) {
        if (!Arrays.equals(value.shape(), p.value().shape())) {
            throw new IllegalArgumentException("optimizer state " + key + ": expected shape "
                    + Arrays.toString(p.value().shape()) + " (the parameter's), found " + Arrays.toString(value.shape()));
        }
    }
}
