package io.quant4j.quantization;

import io.quant4j.nn.Module;
import io.quant4j.tensor.Tensor;

/**
 * A second consumer of a tensor that another {@link TensorQuantizer} (the owner) already quantizes
 * for its own consumer: {@code y = fq_owner(x)}, with the owner's amax, grid and flags. It holds
 * no state (the owner's {@code _amax} is the only one) and does not observe during calibration (the
 * owner does, on the same tensor), so a tensor read by several quantized ops has exactly one
 * quantization, and the export one QuantizeLinear whose DequantizeLinear feeds each consumer.
 * Gradients pass as through the owner (straight-through estimator; a learned clip of the owner gets
 * the gradients of both uses).
 *
 * <p>The owner is a reference, not a child: it lives elsewhere in the same model (a deep copy of
 * the model redirects it to the copy's owner).
 */
public final class TiedQuantizer extends Module {
    private final TensorQuantizer owner;

    public TiedQuantizer(TensorQuantizer owner) {
        if (owner == null) {
            throw new IllegalArgumentException("expected the TensorQuantizer to share, found null");
        }
        this.owner = owner;
    }

    /** The quantizer whose quantization this one applies. */
    public TensorQuantizer owner() {
        return owner;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return owner.applyShared(x);
    }

    @Override
    public String extraRepr() {
        return "tied to " + owner.extraRepr();
    }
}
