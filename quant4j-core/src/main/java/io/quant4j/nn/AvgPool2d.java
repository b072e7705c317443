package io.quant4j.nn;

import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;

/** Average pooling over {@code kernel} windows: {@code H' = floor((H + 2p - k)/s) + 1}. */
public class AvgPool2d extends Module {
    private final Int2 kernel;
    private final Int2 stride;
    private final Int2 padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    public AvgPool2d(int kernel, int stride, int padding) {
        this(Int2.of(kernel), Int2.of(stride), Int2.of(padding), false, true);
    }

    public AvgPool2d(Int2 kernel, Int2 stride, Int2 padding, boolean ceilMode, boolean countIncludePad) {
        if (kernel.h() < 1 || kernel.w() < 1 || stride.h() < 1 || stride.w() < 1) {
            throw new IllegalArgumentException("expected kernel and stride >= 1, found " + kernel + ", " + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.avgPool2d(kernel, stride, padding, ceilMode, countIncludePad);
    }

    public Int2 kernel() {
        return kernel;
    }

    public Int2 stride() {
        return stride;
    }

    public Int2 padding() {
        return padding;
    }

    public boolean ceilMode() {
        return ceilMode;
    }

    public boolean countIncludePad() {
        return countIncludePad;
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding;
    }
}
