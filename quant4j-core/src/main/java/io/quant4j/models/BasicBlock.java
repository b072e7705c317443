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
 * torchvision's ResNet BasicBlock: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + residual(shortcut(x)))}
 * with 3x3 convolutions (stride on conv1) and {@code shortcut = downsample} (1x1 conv + BN) when the
 * shape changes, else identity. The shortcut enters the add through a {@link Residual} placeholder.
 */
public class BasicBlock extends Module {
    /** Output channels = planes * EXPANSION. */
    public static final int EXPANSION = 1;

    static {
        ZooQuantization.register();
    }

    public BasicBlock(int inPlanes, int planes, int stride) {
        register("conv1", new Conv2d(inPlanes, planes, 3, stride, 1, false));
        register("bn1", new BatchNorm2d(planes));
        register("relu", new ReLU());
        register("conv2", new Conv2d(planes, planes, 3, 1, 1, false));
        register("bn2", new BatchNorm2d(planes));
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
    protected BasicBlock(Map<String, Module> children) {
        children.forEach(this::register);
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor out = child("relu").forward(child("bn1").forward(child("conv1").forward(x)));
        out = child("bn2").forward(child("conv2").forward(out));
        Module ds = children().get("downsample");
        Tensor identity = child("residual").forward(ds == null ? x : ds.forward(x));
        return child("relu").forward(out.add(identity));
    }

    /** Children are looked up by name so that a replaced child (quantized, skipped) is used. */
    private Module child(String name) {
        return children().get(name);
    }
}
