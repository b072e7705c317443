package io.quant4j.recipe;

import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.selective.ModuleMapping;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import java.util.List;

/**
 * {@code quantization_params:} of a recipe (SuperGradients' keys, plus {@code target} and
 * {@code export_params}). Its parts are the core's own records, bound directly: the keys of
 * {@code selective_quantizer_params} are {@link SelectiveQuantizerParams}'s, those of
 * {@code calib_params} {@link CalibrationParams}'s.
 *
 * @param ptqOnly stop after post-training quantization (no QAT)
 * @param target the runtime the quantizers are placed for (a registered target's id:
 *     {@code tensorrt}, {@code onnxruntime})
 * @param selectiveQuantizerParams what to quantize and how
 * @param calibParams how to calibrate
 * @param quantizedModuleMappings users' quantized blocks with their descriptors (SuperGradients'
 *     {@code register_quantized_module}; tensorrt target)
 * @param accuracyBudget automatic mixed precision: leave in float the fewest layers, most
 *     sensitive first, until PTQ is within this many points of top-1 accuracy of FP32 on the
 *     validation data, in {@code [0, 100]}; null (the default) searches nothing. The chosen layers
 *     join {@code skip_modules} in the run's effective recipe.
 * @param exportParams how each stage's ONNX file is written (quant4j's; SuperGradients has none)
 */
public record QuantizationRecipe(boolean ptqOnly, QuantTarget target, SelectiveQuantizerParams selectiveQuantizerParams,
                                 CalibrationParams calibParams, List<QuantizedModuleMappingParams> quantizedModuleMappings,
                                 Double accuracyBudget, ExportParams exportParams) {
    public QuantizationRecipe {
        if (target == null || selectiveQuantizerParams == null || calibParams == null || exportParams == null) {
            throw new IllegalArgumentException("expected target, selective_quantizer_params, calib_params and export_params, found null");
        }
        quantizedModuleMappings = quantizedModuleMappings == null ? List.of() : List.copyOf(quantizedModuleMappings);
        if (accuracyBudget != null && !(accuracyBudget >= 0 && accuracyBudget <= 100)) {
            throw new IllegalArgumentException("expected accuracy_budget in [0, 100] points of top-1 accuracy (e.g. 0.5), found "
                    + accuracyBudget);
        }
    }

    /**
     * With {@code skip_modules} replaced and no {@code accuracy_budget}: the effective recipe of a
     * budget search, which reproduces its result without searching again.
     */
    public QuantizationRecipe withSearchedSkips(List<String> skipModules) {
        return new QuantizationRecipe(ptqOnly, target, selectiveQuantizerParams.withSkipModules(skipModules), calibParams,
                quantizedModuleMappings, null, exportParams);
    }

    public static QuantizationRecipe defaults() {
        return new QuantizationRecipe(false, QuantTarget.TENSORRT, SelectiveQuantizerParams.defaults(),
                CalibrationParams.defaults(), List.of(), null, ExportParams.defaults());
    }

    /** The mappings as the core's {@link ModuleMapping}s. */
    public List<ModuleMapping> mappings() {
        return quantizedModuleMappings.stream().map(QuantizedModuleMappingParams::toMapping).toList();
    }
}
