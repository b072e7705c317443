package io.quant4j.recipe;

import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.selective.ModuleMapping;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import java.util.List;

/**
 * {@code quantization_params:} of a recipe (SuperGradients' keys, plus {@code target}). Its parts
 * are the core's own records, bound directly: the keys of {@code selective_quantizer_params} are
 * {@link SelectiveQuantizerParams}'s, those of {@code calib_params} {@link CalibrationParams}'s.
 *
 * @param ptqOnly stop after post-training quantization (no QAT)
 * @param target the runtime the quantizers are placed for (a registered target's id:
 *     {@code tensorrt}, {@code onnxruntime})
 * @param selectiveQuantizerParams what to quantize and how
 * @param calibParams how to calibrate
 * @param quantizedModuleMappings users' quantized blocks with their descriptors (SuperGradients'
 *     {@code register_quantized_module}; tensorrt target)
 */
public record QuantizationRecipe(boolean ptqOnly, QuantTarget target, SelectiveQuantizerParams selectiveQuantizerParams,
                                 CalibrationParams calibParams, List<QuantizedModuleMappingParams> quantizedModuleMappings) {
    public QuantizationRecipe {
        if (target == null || selectiveQuantizerParams == null || calibParams == null) {
            throw new IllegalArgumentException("expected target, selective_quantizer_params and calib_params, found null");
        }
        quantizedModuleMappings = quantizedModuleMappings == null ? List.of() : List.copyOf(quantizedModuleMappings);
    }

    public static QuantizationRecipe defaults() {
        return new QuantizationRecipe(false, QuantTarget.TENSORRT, SelectiveQuantizerParams.defaults(),
                CalibrationParams.defaults(), List.of());
    }

    /** The mappings as the core's {@link ModuleMapping}s. */
    public List<ModuleMapping> mappings() {
        return quantizedModuleMappings.stream().map(QuantizedModuleMappingParams::toMapping).toList();
    }
}
