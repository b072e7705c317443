package io.quant4j.quantization.layers;

import io.quant4j.tensor.Tensor;

/**
 * An activation fused into an integer layer ({@link IntegerConv2d}): it runs before the output
 * quantizer, and ONNX Runtime folds it into the quantized output (a ReLU disappears when the
 * output's zero point is the type's minimum, i.e. unsigned with zero point 0; a ReLU6 when the
 * output range also ends at or below 6).
 */
public enum Activation {
    /** {@code y = x}. */
    NONE,
    /** {@code y = max(x, 0)}. */
    RELU,
    /** {@code y = min(max(x, 0), 6)}. */
    RELU6;

    /** Applies the activation. */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case NONE -> x;
            case RELU -> x.relu();
            case RELU6 -> x.relu6();
        };
    }

    /** Whether the output is never negative (so its quantizer can be unsigned). */
    public boolean nonNegative() {
        return this != NONE;
    }
}
