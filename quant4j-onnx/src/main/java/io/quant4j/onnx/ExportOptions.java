package io.quant4j.onnx;

import io.quant4j.data.InputSpec;
import io.quant4j.quantization.target.QuantTarget;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of {@link OnnxExporter}.
 *
 * @param inputShape shape of one input, batch first ({@code N x C x H x W}); with a dynamic batch
 *     the model is traced at batch {@code max(N, 2)} and N becomes the symbolic dimension {@code N}
 * @param foldBatchNorm fold eval-mode BatchNorm into the preceding Conv where this is exact
 *     (float conv, or per-channel axis-0 weight quantizer); others are left as BatchNormalization
 * @param dynamicBatch symbolic batch dimension {@code N} on the input and output
 * @param weightFormat storage of quantized weights (see {@link WeightFormat})
 * @param inputName graph input name
 * @param outputName graph output name
 * @param recipe recipe text written to {@code metadata_props["quant4j.recipe"]}, or null
 * @param calibration calibration provenance written to {@code metadata_props}, or null
 * @param metadata extra {@code metadata_props} entries (copied; keys must not start with
 *     {@code quant4j.})
 * @param target the runtime the model was placed for (from its quantization spec; default
 *     TensorRT): its {@link QuantTarget#exportLayout() layout} is applied to the Q/DQ graph
 * @param input the model's input spec, written to {@code metadata_props["quant4j.input_spec"]}
 *     (so that the file preprocesses data as the model does), or null
 * @param fp16 write the float parts in float16 ({@link Float16Pass}: float weights, biases and
 *     activations, DequantizeLinear scales; opset 19 with Q/DQ), with Casts at the graph's input and
 *     output so that its interface stays float32; verified against the float32 export in ONNX
 *     Runtime ({@link Float16Agreement}). Refused for the onnxruntime target (see
 *     {@link OnnxExporter#toModel})
 */
public record ExportOptions(
        long[] inputShape,
        boolean foldBatchNorm,
        boolean dynamicBatch,
        WeightFormat weightFormat,
        String inputName,
        String outputName,
        String recipe,
        CalibrationManifest calibration,
        Map<String, String> metadata,
        QuantTarget target,
        InputSpec input,
        boolean fp16) {
    public ExportOptions {
        if (inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("expected an input shape of positive dimensions (N x C x H x W), found "
                    + Arrays.toString(inputShape));
        }
        inputShape = inputShape.clone();
        if (weightFormat == null) {
            throw new IllegalArgumentException("expected a weight format, found null");
        }
        if (inputName == null || inputName.isBlank() || outputName == null || outputName.isBlank()
                || inputName.equals(outputName)) {
            throw new IllegalArgumentException("expected distinct non-blank input and output names, found '"
                    + inputName + "' and '" + outputName + "'");
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        target = target == null ? QuantTarget.TENSORRT : target;
        for (String k : metadata.keySet()) {
            if (k.startsWith("quant4j.")) {
                throw new IllegalArgumentException("metadata key '" + k + "' is reserved; use the recipe and calibration fields");
            }
        }
    }

    /** Defaults for an input shape: fold BN, dynamic batch, int8 weights, names {@code input}/{@code output}. */
    public static ExportOptions of(long... inputShape) {
        return new ExportOptions(inputShape, true, true, WeightFormat.INT8, "input", "output", null, null, Map.of(), QuantTarget.TENSORRT, null, false);
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    public ExportOptions withFoldBatchNorm(boolean on) {
        return new ExportOptions(inputShape, on, dynamicBatch, weightFormat, inputName, outputName, recipe, calibration, metadata, target, input, fp16);
    }

    public ExportOptions withDynamicBatch(boolean on) {
        return new ExportOptions(inputShape, foldBatchNorm, on, weightFormat, inputName, outputName, recipe, calibration, metadata, target, input, fp16);
    }

    public ExportOptions withWeightFormat(WeightFormat f) {
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, f, inputName, outputName, recipe, calibration, metadata, target, input, fp16);
    }

    public ExportOptions withNames(String in, String out) {
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, weightFormat, in, out, recipe, calibration, metadata, target,
                input, fp16);
    }

    public ExportOptions withRecipe(String text) {
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, weightFormat, inputName, outputName, text, calibration, metadata, target, input, fp16);
    }

    public ExportOptions withCalibration(CalibrationManifest c) {
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, weightFormat, inputName, outputName, recipe, c, metadata, target, input, fp16);
    }

    /** Adds one extra metadata entry. */
    public ExportOptions withMetadata(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(key, value);
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, weightFormat, inputName, outputName, recipe, calibration, m, target, input, fp16);
    }

    /** For a model placed for {@code t} (the target of its quantization spec). */
    public ExportOptions withTarget(QuantTarget t) {
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, weightFormat, inputName, outputName, recipe, calibration,
                metadata, t, input, fp16);
    }

    /** With the model's input spec (written to the file's metadata). */
    public ExportOptions withInput(InputSpec spec) {
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, weightFormat, inputName, outputName, recipe, calibration,
                metadata, target, spec, fp16);
    }

    /** With the float parts in float16 (or not). */
    public ExportOptions withFp16(boolean on) {
        return new ExportOptions(inputShape, foldBatchNorm, dynamicBatch, weightFormat, inputName, outputName, recipe, calibration,
                metadata, target, input, on);
    }

    /** The batch size the model is traced at. */
    long traceBatch() {
        return dynamicBatch ? Math.max(inputShape[0], 2) : inputShape[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExportOptions e && Arrays.equals(inputShape, e.inputShape) && foldBatchNorm == e.foldBatchNorm
                && dynamicBatch == e.dynamicBatch && weightFormat == e.weightFormat && inputName.equals(e.inputName)
                && outputName.equals(e.outputName) && java.util.Objects.equals(recipe, e.recipe)
                && java.util.Objects.equals(calibration, e.calibration) && metadata.equals(e.metadata) && fp16 == e.fp16;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(Arrays.hashCode(inputShape), foldBatchNorm, dynamicBatch, weightFormat, inputName,
                outputName, recipe, calibration, metadata, fp16);
    }

    @Override
    public String toString() {
        return "ExportOptions[inputShape=" + Arrays.toString(inputShape) + ", foldBatchNorm=" + foldBatchNorm
                + ", dynamicBatch=" + dynamicBatch + ", weightFormat=" + weightFormat + ", inputName=" + inputName
                + ", outputName=" + outputName + ", recipe=" + (recipe == null ? "none" : recipe.length() + " chars")
                + ", calibration=" + calibration + ", metadata=" + metadata + ", fp16=" + fp16 + "]";
    }
}
