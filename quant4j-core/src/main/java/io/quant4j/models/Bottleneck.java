package io.quant4j.models;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.nn.Residual;
import io.quant4j.nn.Sequential;
import io.quant4j.tensor.Tensor;
import java.util.Map;

/**
 * torchvision's ResNet Bottleneck (v1.5, stride on the 3x3 conv):
 * {@code relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + residual(shortcut(x)))},
 * 1x1 -> 3x3 -> 1x1 (x4 channels); the shortcut enters the add through a {@link Residual}.
 */
public class Bottleneck extends Module {
    /** Output channels = planes * EXPANSION. */
    public static final int EXPANSION = 4;

    static {
        ZooQuantization.register();
    }

    public Bottleneck(int inPlanes, int planes, int stride) {
        int width = planes;
        register("conv1", new Conv2d(inPlanes, width, 1, 1, 0, false));
        register("bn1", new BatchNorm2d(width));
        register("conv2", new Conv2d(width, width, 3, stride, 1, false));
        register("bn2", new BatchNorm2d(width));
        register("conv3", new Conv2d(width, planes * EXPANSION, 1, 1, 0, false));
        register("bn3", new BatchNorm2d(planes * EXPANSION));
        register("relu", new ReLU());
        if (stride != 1 || inPlanes != planes * EXPANSION) {
            register("downsample", new Sequential(
                    new Conv2d(inPlanes, planes * EXPANSION, 1, stride, 0, false), new BatchNorm2d(planes * EXPANSION)));
        }
        register("residual", new Residual());
    }

    /**
     * A block made of existing children (same names as a built block: {@code conv1}, {@code bn1},
     * ..., {@code residual}, optional {@code downsample}); for quantized counterparts.
     */
    protected Bottleneck(Map<String, Module> children) {
        children.forEach(this::register);
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Module relu = child("relu");
        Tensor out = relu.forward(child("bn1").forward(child("conv1").forward(x)));
        out = relu.forward(child("bn2").forward(child("conv2").forward(out)));
        out = child("bn3").forward(child("conv3").forward(out));
        Module ds = children().get("downsample");
        Tensor identity = child("residual").forward(ds == null ? x : ds.forward(x));
        return relu.forward(out.add(identity));
    }

    private Module child(String name) {
        return children().get(name);
    }
}
