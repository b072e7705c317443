package io.quant4j.quantization;

/**
 * A descriptor asks for a learned amax ({@code learnAmax = true}) together with a per-channel
 * {@code axis}: the learned clip range is a pair of scalars, so it exists per tensor only.
 */
public class LearnAmaxPerChannelException extends InvalidQuantDescriptorException {
    private static final long serialVersionUID = 1L;

    public LearnAmaxPerChannelException(String descriptor, int axis) {
        super(descriptor,
                "learnAmax needs a per-tensor quantizer (axis = null), found axis = " + axis,
                "Drop the axis (per-tensor amax) or set learnAmax = false to keep per-channel amax.");
    }
}
