package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/**
 * Weight initializers with PyTorch's formulas. Random numbers come from PyTorch's generator
 * (seed it with {@link io.quant4j.tensor.Engines#seed(long)}).
 */
public final class Init {
    private Init() {}

    /** PyTorch's default for conv/linear weights and biases: {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}. */
    public static Tensor defaultUniform(long fanIn, long... shape) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return Tensor.rand(-bound, bound, shape);
    }

    /** {@code kaiming_normal_(mode='fan_out', nonlinearity='relu')}: {@code N(0, sqrt(2/fanOut))}. */
    public static Tensor kaimingNormalFanOut(long... shape) {
        long fanOut = shape[0];
        for (int i = 2; i < shape.length; i++) {
            fanOut *= shape[i];
        }
        float std = (float) Math.sqrt(2.0 / fanOut);
        return Tensor.randn(shape).mul(std);
    }

    /** {@code normal_(0, std)}. */
    public static Tensor normal(float std, long... shape) {
        return Tensor.randn(shape).mul(std);
    }

    /** Fan-in of a weight ({@code shape[1] * prod(shape[2:])}). */
    public static long fanIn(long... shape) {
        long f = shape[1];
        for (int i = 2; i < shape.length; i++) {
            f *= shape[i];
        }
        return f;
    }
}
