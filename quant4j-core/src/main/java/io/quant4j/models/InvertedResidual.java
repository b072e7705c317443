package io.quant4j.models;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU6;
import io.quant4j.nn.Residual;
import io.quant4j.nn.Sequential;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;

/**
 * MobileNetV2's inverted residual (torchvision names): {@code conv = [expand 1x1 + BN + ReLU6]
 * (when expandRatio != 1), depthwise 3x3 + BN + ReLU6, project 1x1 + BN}; when stride is 1 and
 * the channels match, {@code y = residual(x) + conv(x)}.
 */
public class InvertedResidual extends Module {
    private final boolean useResidual;

    public InvertedResidual(int inp, int oup, int stride, int expandRatio) {
        int hidden = Math.round(inp * (float) expandRatio);
        useResidual = stride == 1 && inp == oup;
        Sequential conv = new Sequential();
        if (expandRatio != 1) {
            conv.add(convBnAct(inp, hidden, 1, 1, 1));
        }
        conv.add(convBnAct(hidden, hidden, 3, stride, hidden));
        conv.add(new Conv2d(hidden, oup, 1, 1, 0, false));
        conv.add(new BatchNorm2d(oup));
        register("conv", conv);
        if (useResidual) {
            register("residual", new Residual());
        }
    }

    /** torchvision's Conv2dNormActivation with ReLU6: children 0 (conv), 1 (BN), 2 (ReLU6). */
    static Sequential convBnAct(int in, int out, int kernel, int stride, int groups) {
        int pad = (kernel - 1) / 2;
        return new Sequential(
                new Conv2d(in, out, Int2.of(kernel), ConvSpec.of(stride, pad).withGroups(groups), false),
                new BatchNorm2d(out),
                new ReLU6());
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor y = children().get("conv").forward(x);
        return useResidual ? children().get("residual").forward(x).add(y) : y;
    }
}
