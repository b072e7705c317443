package io.quant4j.models;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Dropout;
import io.quant4j.nn.Flatten;
import io.quant4j.nn.Init;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.Sequential;
import io.quant4j.tensor.Tensor;

/**
 * torchvision's MobileNetV2 (width 1.0): {@code features} (stem, 17 inverted residuals, 1x1 conv to
 * 1280), {@code avgpool}, {@code flatten}, {@code classifier = [Dropout(0.2), Linear(1280, classes)]}.
 * Initialization as torchvision: conv kaiming-normal fan_out, BN 1/0, linear N(0, 0.01) with zero bias.
 */
public class MobileNetV2 extends Module {
    private static final int[][] SETTINGS = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
    };

    public MobileNetV2(int inChannels, int numClasses) {
        Sequential features = new Sequential();
        int input = 32;
        int last = 1280;
        features.add(InvertedResidual.convBnAct(inChannels, input, 3, 2, 1));
        for (int[] s : SETTINGS) {
            int t = s[0];
            int c = s[1];
            int n = s[2];
            int stride = s[3];
            for (int i = 0; i < n; i++) {
                features.add(new InvertedResidual(input, c, i == 0 ? stride : 1, t));
                input = c;
            }
        }
        features.add(InvertedResidual.convBnAct(input, last, 1, 1, 1));
        register("features", features);
        register("avgpool", new AdaptiveAvgPool2d(1));
        register("flatten", new Flatten(1));
        register("classifier", new Sequential(new Dropout(0.2f), new Linear(last, numClasses)));
        for (Module m : namedModules().values()) {
            if (m instanceof Conv2d c) {
                c.weight().assign(Init.kaimingNormalFanOut(c.weight().value().shape()));
            } else if (m instanceof Linear l) {
                l.weight().assign(Init.normal(0.01f, l.weight().value().shape()));
                l.bias().assign(Tensor.zeros(l.bias().value().shape()));
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
