package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** Inverted dropout with drop probability {@code p} in training; identity in eval. */
public class Dropout extends Module {
    private final float p;

    public Dropout(float p) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("expected 0 <= p < 1, found " + p);
        }
        this.p = p;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.dropout(p, isTraining());
    }

    public float p() {
        return p;
    }

    @Override
    public String extraRepr() {
        return "p=" + p;
    }
}
