package io.quant4j.checkpoint;

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
 */
public record CheckpointInfo(String model, int numClasses, int inChannels, QuantizationSpec quantization,
                             Map<String, String> extra) {
    public CheckpointInfo {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("expected a model name, found none");
        }
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Whether the checkpoint holds a quantized model. */
    public boolean quantized() {
        return quantization != null;
    }
}
