package io.quant4j.models;

import io.quant4j.quantization.QuantDescriptor;

/**
 * The quantized counterpart of {@link BasicBlock}, mapped with RECURSE_AND_REPLACE: the block's
 * children are quantized first (convolutions become {@code QuantConv2d}, and the {@code residual}
 * placeholder on the shortcut becomes a {@code TensorQuantizer} with the input descriptor, so the
 * shortcut entering the add is quantized), then this block adopts them. Forward as BasicBlock:
 * {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + residual(shortcut(x)))}.
 */
public class QuantBasicBlock extends BasicBlock {
    protected QuantBasicBlock(BasicBlock quantizedChildren) {
        super(quantizedChildren.children());
        train(quantizedChildren.isTraining());
    }

    /** Adopts the (already quantized) children of {@code f}; descriptors are used by the children. */
    public static QuantBasicBlock fromFloat(BasicBlock f, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        return new QuantBasicBlock(f);
    }
}
