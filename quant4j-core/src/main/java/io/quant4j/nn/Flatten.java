package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** Flattens dimensions {@code startDim..} into one: {@code N x C x H x W -> N x CHW} for startDim 1. */
public class Flatten extends Module {
    private final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        if (startDim < 0) {
            throw new IllegalArgumentException("expected startDim >= 0, found " + startDim);
        }
        this.startDim = startDim;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.flatten(startDim);
    }

    public int startDim() {
        return startDim;
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim;
    }
}
