package io.quant4j.recipe;

/**
 * {@code quantization_params:} of a recipe (SuperGradients' keys, plus {@code target}).
 *
 * @param ptqOnly stop after post-training quantization (no QAT)
 * @param target {@code tensorrt} (the seed's Q/DQ placement) or {@code onnxruntime}
 * @param selectiveQuantizerParams what to quantize and how
 * @param calibParams how to calibrate
 */
public record QuantizationRecipe(boolean ptqOnly, String target, SelectiveQuantizerRecipe selectiveQuantizerParams,
                                 CalibRecipe calibParams) {
    public QuantizationRecipe {
        if (!"tensorrt".equals(target) && !"onnxruntime".equals(target)) {
            throw new IllegalArgumentException("expected target tensorrt or onnxruntime, found '" + target + "'");
        }
        if (selectiveQuantizerParams == null || calibParams == null) {
            throw new IllegalArgumentException("expected selective_quantizer_params and calib_params, found null");
        }
    }

    public static QuantizationRecipe defaults() {
        return new QuantizationRecipe(false, "tensorrt", SelectiveQuantizerRecipe.defaults(), CalibRecipe.defaults());
    }
}
