package io.quant4j.nn;

import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;

/**
 * 2-D convolution: {@code y = conv(x, W) + b}; {@code x: N x C x H x W}, {@code W: K x C/groups x R x S},
 * {@code y: N x K x H' x W'} with {@code H' = floor((H + 2p - d(R-1) - 1)/s) + 1}.
 * Parameters {@code weight} and (optional) {@code bias}, PyTorch's default initialization.
 */
public class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final Int2 kernel;
    private final ConvSpec spec;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(inChannels, outChannels, Int2.of(kernel), ConvSpec.of(stride, padding), bias);
    }

    public Conv2d(int inChannels, int outChannels, Int2 kernel, ConvSpec spec, boolean bias) {
        if (inChannels < 1 || outChannels < 1 || inChannels % spec.groups() != 0 || outChannels % spec.groups() != 0) {
            throw new IllegalArgumentException("expected channels divisible by groups=" + spec.groups()
                    + ", found in=" + inChannels + ", out=" + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.spec = spec;
        long[] ws = {outChannels, inChannels / spec.groups(), kernel.h(), kernel.w()};
        long fanIn = Init.fanIn(ws);
        this.weight = parameter("weight", Init.defaultUniform(fanIn, ws));
        this.bias = bias ? parameter("bias", Init.defaultUniform(fanIn, outChannels)) : null;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return x.conv2d(weight.value(), bias == null ? null : bias.value(), spec);
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

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + kernel + ", stride=" + spec.stride()
                + (spec.padding().h() + spec.padding().w() > 0 ? ", padding=" + spec.padding() : "")
                + (spec.dilation().h() * spec.dilation().w() > 1 ? ", dilation=" + spec.dilation() : "")
                + (spec.groups() > 1 ? ", groups=" + spec.groups() : "")
                + (bias == null ? ", bias=False" : "");
    }
}
