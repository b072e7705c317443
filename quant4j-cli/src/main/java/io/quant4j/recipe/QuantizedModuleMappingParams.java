package io.quant4j.recipe;

import io.quant4j.quantization.selective.ModuleMapping;
import io.quant4j.quantization.selective.ReplacementAction;

/**
 * One entry of {@code quantization_params.quantized_module_mappings}: SuperGradients'
 * {@code register_quantized_module} written in a recipe. The classes are fully qualified names on
 * the class path (checked when the recipe is read).
 *
 * <pre>
 * quantized_module_mappings:
 *   - float_source: com.acme.MyBlock
 *     quantized_target_class: com.acme.MyQuantBlock
 *     action: replace
 *     input_quant_descriptor: {num_bits: 8, calib_method: histogram}
 *     weights_quant_descriptor: {num_bits: 8, axis: 0}
 * </pre>
 *
 * @param floatSource the float module type
 * @param quantizedTargetClass its quantized type (required for the replacing actions)
 * @param action replace, replace_and_recurse, recurse_and_replace, skip or unwrap (default replace)
 * @param inputQuantDescriptor the input quantizer's descriptor, or none for the recipe's default
 * @param weightsQuantDescriptor the weight quantizer's descriptor, or none for the recipe's default
 */
public record QuantizedModuleMappingParams(String floatSource, String quantizedTargetClass, ReplacementAction action,
                                           QuantDescriptorParams inputQuantDescriptor,
                                           QuantDescriptorParams weightsQuantDescriptor) {
    public QuantizedModuleMappingParams {
        action = action == null ? ReplacementAction.REPLACE : action;
        ModuleMapping m = toMapping(floatSource, quantizedTargetClass, action, inputQuantDescriptor, weightsQuantDescriptor);
        m.floatClass(); // both classes must be on the class path when the recipe is read
        m.metadata();
    }

    /** The core's mapping (classes resolved when a quantizer is built). */
    public ModuleMapping toMapping() {
        return toMapping(floatSource, quantizedTargetClass, action, inputQuantDescriptor, weightsQuantDescriptor);
    }

    private static ModuleMapping toMapping(String f, String q, ReplacementAction a, QuantDescriptorParams i,
                                           QuantDescriptorParams w) {
        return new ModuleMapping(f, q, a, i == null ? null : i.toDescriptor(), w == null ? null : w.toDescriptor());
    }
}
