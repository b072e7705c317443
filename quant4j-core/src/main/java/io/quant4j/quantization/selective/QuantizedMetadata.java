package io.quant4j.quantization.selective;

import io.quant4j.quantization.QuantDescriptor;

/**
 * One mapping-table value: what to do with a matching module.
 *
 * @param action the replacement action
 * @param target builds the quantized module (required for the replacing actions, else null)
 * @param targetName the target's name for reports ({@code QuantConv2d})
 * @param input input descriptor, or null for the quantizer's default
 * @param weights weight descriptor, or null for the quantizer's default
 */
public record QuantizedMetadata(ReplacementAction action, QuantFactory target, String targetName,
                                QuantDescriptor input, QuantDescriptor weights) {
    public QuantizedMetadata {
        if (action == null) {
            throw new IllegalArgumentException("expected an action, found null");
        }
        if (action.replaces() && target == null) {
            throw new IllegalArgumentException("action " + action + " needs a target factory, found none");
        }
        if (targetName == null) {
            targetName = action.replaces() ? "custom" : action.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** SKIP. */
    public static QuantizedMetadata skip() {
        return new QuantizedMetadata(ReplacementAction.SKIP, null, null, null, null);
    }

    /** A replacing action with default descriptors. */
    public static QuantizedMetadata of(ReplacementAction action, String targetName, QuantFactory target) {
        return new QuantizedMetadata(action, target, targetName, null, null);
    }

    /** The same mapping with explicit descriptors (null keeps the quantizer's default). */
    public QuantizedMetadata withDescriptors(QuantDescriptor in, QuantDescriptor w) {
        return new QuantizedMetadata(action, target, targetName, in, w);
    }
}
