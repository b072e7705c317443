package io.quant4j.models;

import io.quant4j.quantization.QuantDescriptor;

/**
 * The quantized counterpart of {@link Bottleneck}, mapped with RECURSE_AND_REPLACE like
 * {@link QuantBasicBlock}: its convolutions are quantized and the {@code residual} placeholder on
 * the shortcut becomes a {@code TensorQuantizer} before this block adopts the children.
 */
public class QuantBottleneck extends Bottleneck {
    protected QuantBottleneck(Bottleneck quantizedChildren) {
        super(quantizedChildren.children());
        train(quantizedChildren.isTraining());
    }

    /** Adopts the (already quantized) children of {@code f}. */
    public static QuantBottleneck fromFloat(Bottleneck f, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        return new QuantBottleneck(f);
    }
}
