package io.quant4j.quantization;

/**
 * A descriptor asks for a learned amax ({@code learnAmax = true}) together with a per-channel
 * {@code axis}: the learned clip range is a pair of scalars, so it exists per tensor only.
 */
public class LearnAmaxPerChannelException extends InvalidQuantDescriptorException {
    private static final long serialVersionUID = 1L;

    public LearnAmaxPerChannelException(String descriptor, QuantAxis axis) {
        super(descriptor,
                "learnAmax needs a per-tensor quantizer (axis = null), found axis = " + axis,
                "Drop the axis (per-tensor amax) or set learnAmax = false to keep per-channel amax. pytorch-quantization"
                        + " refuses the same descriptor (TypeError: axis must be None when learn_amax is true); see"
                        + " docs/numerics.md, \"Learned amax\".");
    }
}
