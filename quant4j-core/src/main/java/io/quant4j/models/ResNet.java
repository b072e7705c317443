package io.quant4j.models;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Flatten;
import io.quant4j.nn.Init;
import io.quant4j.nn.Linear;
import io.quant4j.nn.MaxPool2d;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.nn.Sequential;
import io.quant4j.tensor.Tensor;
import java.util.Map;

/**
 * ResNet with torchvision's names: {@code conv1, bn1, relu, [maxpool], layer1..layerK, avgpool,
 * flatten, fc}. Two stems: ImageNet ({@code 7x7 stride 2 conv + 3x3 max pool}) and small images
 * ({@code 3x3 stride 1 conv}, no pool, as {@code resnet_fmnist}). Initialization as torchvision:
 * conv weights kaiming-normal (fan_out, relu), BN weight 1 / bias 0, fc PyTorch's default.
 */
public class ResNet extends Module {
    /** The residual block type. */
    public enum Block { BASIC, BOTTLENECK }

    /**
     * @param block block type
     * @param layers blocks per stage
     * @param widths planes per stage (the first stage has stride 1, the others stride 2)
     * @param stemWidth output channels of the stem conv
     * @param smallStem 3x3 stride-1 stem without max pool (small images) instead of ImageNet's
     * @param inChannels input channels
     * @param numClasses output classes
     */
    public ResNet(Block block, int[] layers, int[] widths, int stemWidth, boolean smallStem, int inChannels, int numClasses) {
        if (layers.length != widths.length || layers.length == 0) {
            throw new IllegalArgumentException("expected one width per stage, found " + layers.length + " stages and "
                    + widths.length + " widths");
        }
        int expansion = block == Block.BASIC ? BasicBlock.EXPANSION : Bottleneck.EXPANSION;
        if (smallStem) {
            register("conv1", new Conv2d(inChannels, stemWidth, 3, 1, 1, false));
        } else {
            register("conv1", new Conv2d(inChannels, stemWidth, 7, 2, 3, false));
        }
        register("bn1", new BatchNorm2d(stemWidth));
        register("relu", new ReLU());
        if (!smallStem) {
            register("maxpool", new MaxPool2d(3, 2, 1));
        }
        int inPlanes = stemWidth;
        for (int s = 0; s < layers.length; s++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < layers[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                stage.add(block == Block.BASIC
                        ? new BasicBlock(inPlanes, widths[s], stride)
                        : new Bottleneck(inPlanes, widths[s], stride));
                inPlanes = widths[s] * expansion;
            }
            register("layer" + (s + 1), stage);
        }
        register("avgpool", new AdaptiveAvgPool2d(1));
        register("flatten", new Flatten(1));
        register("fc", new Linear(inPlanes, numClasses));
        initWeights(this);
    }

    /** torchvision's ResNet initialization. */
    static void initWeights(Module root) {
        for (Map.Entry<String, Module> e : root.namedModules().entrySet()) {
            if (e.getValue() instanceof Conv2d c) {
                c.weight().assign(Init.kaimingNormalFanOut(c.weight().value().shape()));
            }
        }
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor y = x;
        for (Module m : children().values()) {
            y = m.forward(y);
        }
        return y;
    }
}
