package io.quant4j.quantization.selective;

/**
 * What the selective quantizer does with a module that matches a mapping.
 *
 * <ul>
 *   <li>{@code REPLACE}: build the quantized target from the float module and put it in its place.
 *   <li>{@code REPLACE_AND_RECURSE}: replace, then quantize the children of the new module.
 *   <li>{@code RECURSE_AND_REPLACE}: quantize the float module's children first, then build the
 *       target from the (partly quantized) module and replace it. (SuperGradients builds the target
 *       before recursing; we build it after, so the target sees its quantized children.)
 *   <li>{@code SKIP}: leave the module and everything inside it float.
 *   <li>{@code UNWRAP}: replace a {@link SkipQuantization} wrapper by the float module it wraps.
 * </ul>
 */
public enum ReplacementAction {
    REPLACE,
    REPLACE_AND_RECURSE,
    RECURSE_AND_REPLACE,
    SKIP,
    UNWRAP;

    /** Whether the action builds a quantized target. */
    public boolean replaces() {
        return this == REPLACE || this == REPLACE_AND_RECURSE || this == RECURSE_AND_REPLACE;
    }
}
