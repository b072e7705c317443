package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/**
 * Fully connected layer {@code y = x W^T + b}; {@code x: N x in}, {@code W: out x in},
 * {@code b: out}. PyTorch's default initialization.
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("expected positive feature counts, found " + inFeatures + ", " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = parameter("weight", Init.defaultUniform(inFeatures, outFeatures, inFeatures));
        this.bias = bias ? parameter("bias", Init.defaultUniform(inFeatures, outFeatures)) : null;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.linear(weight.value(), bias == null ? null : bias.value());
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
