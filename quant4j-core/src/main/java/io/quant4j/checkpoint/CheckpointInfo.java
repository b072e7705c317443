package io.quant4j.checkpoint;

import io.quant4j.data.InputSpec;
import io.quant4j.models.Models;
import io.quant4j.quantization.target.QuantizationSpec;
import java.util.Map;

/**
 * What a model checkpoint says about itself.
 *
 * @param model zoo model name
 * @param numClasses output classes
 * @param inChannels input channels
 * @param quantization the quantization spec, or null for a float model
 * @param extra other metadata (recipe text, calibration manifest, provenance)
 * @param input how the model expects its input (preprocessing, class names)
 */
public record CheckpointInfo(String model, int numClasses, int inChannels, QuantizationSpec quantization,
                             Map<String, String> extra, InputSpec input) {
    public CheckpointInfo {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("expected a model name, found none");
        }
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        if (input == null) {
            input = Models.info(model).input().withChannels(inChannels);
        }
    }

    /** With the zoo entry's input spec (for its channels). */
    public CheckpointInfo(String model, int numClasses, int inChannels, QuantizationSpec quantization, Map<String, String> extra) {
        this(model, numClasses, inChannels, quantization, extra, null);
    }

    /** Whether the checkpoint holds a quantized model. */
    public boolean quantized() {
        return quantization != null;
    }
}
