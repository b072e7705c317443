package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/** Runs its children in order; children are named {@code "0"}, {@code "1"}, ... as in PyTorch. */
public class Sequential extends Module {
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module under the next index; returns this. */
    public Sequential add(Module m) {
        register(Integer.toString(children().size()), m);
        return this;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor y = x;
        for (Module m : children().values()) {
            y = m.forward(y);
        }
        return y;
    }

    /** The i-th child. */
    public Module get(int i) {
        return children().get(Integer.toString(i));
    }

    /** Number of children. */
    public int size() {
        return children().size();
    }
}
