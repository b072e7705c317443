package io.quant4j.recipe;

/**
 * {@code quantization_params.export_params:} of a recipe: how each stage's quantized model is
 * written to ONNX.
 *
 * @param fp16 write the float parts in float16, inputs and outputs float32 (opset 19), verified
 *     against the float32 export in ONNX Runtime (the CLI's {@code --fp16}); tensorrt target only
 */
public record ExportParams(boolean fp16) {
    /** Float32 float parts. */
    public static ExportParams defaults() {
        return new ExportParams(false);
    }
}
