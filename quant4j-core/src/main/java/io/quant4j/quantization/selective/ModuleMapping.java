package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;

/**
 * A user's quantized block named by class, as a recipe or a checkpoint holds it: SuperGradients'
 * {@code register_quantized_module(float_source, quantized_target_class, action,
 * input_quant_descriptor, weights_quant_descriptor)}. The classes are looked up when a quantizer
 * is built ({@link #metadata()}), so a spec can be read where they are not loaded yet.
 *
 * @param floatType fully qualified name of the float Module type to replace
 * @param quantizedType fully qualified name of its quantized Module type (built from the float
 *     module by its static {@code fromFloat} or a constructor, as {@link QuantizationRegistry#factoryFor})
 * @param action what to do with matching modules
 * @param input the input quantizer descriptor, or null for the quantizer's default
 * @param weights the weight quantizer descriptor, or null for the quantizer's default
 */
public record ModuleMapping(String floatType, String quantizedType, ReplacementAction action, QuantDescriptor input,
                            QuantDescriptor weights) {
    public ModuleMapping {
        if (floatType == null || floatType.isBlank()) {
            throw new QuantizationMappingException("expected the float module type of a quantized module mapping, found "
                    + floatType, null, "Give a fully qualified Module class name, e.g. com.acme.MyBlock.");
        }
        if (action == null) {
            throw new QuantizationMappingException("expected an action for the mapping of " + floatType + ", found none",
                    null, "Give one of replace, replace_and_recurse, recurse_and_replace, skip, unwrap.");
        }
        if (action.replaces() && (quantizedType == null || quantizedType.isBlank())) {
            throw new QuantizationMappingException("action " + action + " for " + floatType
                    + " needs the quantized module type, found none", null,
                    "Give the fully qualified class name of the quantized block, e.g. com.acme.MyQuantBlock.");
        }
    }

    /** The float type, resolved on the class path. */
    public Class<? extends Module> floatClass() {
        return SkipRules.moduleClass(floatType, "a quantized module mapping");
    }

    /** The mapping-table value: the action, a factory of the quantized type and the descriptors. */
    public QuantizedMetadata metadata() {
        if (!action.replaces()) {
            return new QuantizedMetadata(action, null, null, input, weights);
        }
        Class<? extends Module> q = SkipRules.moduleClass(quantizedType, "a quantized module mapping");
        return QuantizedMetadata.of(action, q.getSimpleName(), QuantizationRegistry.factoryFor(q)).withDescriptors(input, weights);
    }
}
