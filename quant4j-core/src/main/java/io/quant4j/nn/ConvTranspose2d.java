package io.quant4j.nn;

import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;

/**
 * 2-D transposed convolution; {@code W: C x K/groups x R x S},
 * {@code H' = (H-1)s - 2p + d(R-1) + outputPadding + 1}.
 */
public class ConvTranspose2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final Int2 kernel;
    private final ConvSpec spec;
    private final Int2 outputPadding;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(inChannels, outChannels, Int2.of(kernel), ConvSpec.of(stride, padding), Int2.of(0), bias);
    }

    public ConvTranspose2d(int inChannels, int outChannels, Int2 kernel, ConvSpec spec, Int2 outputPadding, boolean bias) {
        if (inChannels % spec.groups() != 0 || outChannels % spec.groups() != 0) {
            throw new IllegalArgumentException("expected channels divisible by groups=" + spec.groups()
                    + ", found in=" + inChannels + ", out=" + outChannels);
        }
        if (outputPadding.h() >= Math.max(spec.stride().h(), spec.dilation().h())
                || outputPadding.w() >= Math.max(spec.stride().w(), spec.dilation().w())) {
            throw new IllegalArgumentException("expected output padding smaller than stride or dilation, found " + outputPadding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.spec = spec;
        this.outputPadding = outputPadding;
        long[] ws = {inChannels, outChannels / spec.groups(), kernel.h(), kernel.w()};
        // PyTorch computes the fan-in of a transposed conv weight from dim 1
        long fanIn = Init.fanIn(ws);
        this.weight = parameter("weight", Init.defaultUniform(fanIn, ws));
        this.bias = bias ? parameter("bias", Init.defaultUniform(fanIn, outChannels)) : null;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.convTranspose2d(weight.value(), bias == null ? null : bias.value(), spec, outputPadding);
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public Int2 kernel() {
        return kernel;
    }

    public ConvSpec spec() {
        return spec;
    }

    public Int2 outputPadding() {
        return outputPadding;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + kernel + ", stride=" + spec.stride()
                + ", padding=" + spec.padding() + (bias == null ? ", bias=False" : "");
    }
}
