package io.quant4j.nn;

import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;

/** Adaptive average pooling to a fixed {@code outH x outW}; {@code (1, 1)} is global average pooling. */
public class AdaptiveAvgPool2d extends Module {
    private final Int2 outputSize;

    public AdaptiveAvgPool2d(int size) {
        this(Int2.of(size));
    }

    public AdaptiveAvgPool2d(Int2 outputSize) {
        if (outputSize.h() < 1 || outputSize.w() < 1) {
            throw new IllegalArgumentException("expected output size >= 1, found " + outputSize);
        }
        this.outputSize = outputSize;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.adaptiveAvgPool2d(outputSize.h(), outputSize.w());
    }

    public Int2 outputSize() {
        return outputSize;
    }

    @Override
    public String extraRepr() {
        return "output_size=" + outputSize;
    }
}
