package io.quant4j.onnx.imports;

import io.quant4j.data.InputSpec;
import io.quant4j.onnx.WeightFormat;
import io.quant4j.quantization.target.QuantTarget;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a quantized imported graph is written back.
 *
 * @param target the runtime the quantizers were placed for (its export layout applies)
 * @param weightFormat int8 weights + DequantizeLinear, or float weights on the grid + Q + DQ
 * @param input the input spec to record ({@code quant4j.input_spec}), or null
 * @param metadata further {@code metadata_props} entries
 */
public record GraphExportOptions(QuantTarget target, WeightFormat weightFormat, InputSpec input, Map<String, String> metadata) {
    public GraphExportOptions {
        if (target == null || weightFormat == null) {
            throw new IllegalArgumentException("expected a target and a weight format, found " + target + ", " + weightFormat);
        }
        // in the given order, so the file's metadata_props are written in it
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** For a target: int8 weights, no input spec, no extra metadata. */
    public static GraphExportOptions of(QuantTarget target) {
        return new GraphExportOptions(target, WeightFormat.INT8, null, Map.of());
    }

    public GraphExportOptions withInput(InputSpec spec) {
        return new GraphExportOptions(target, weightFormat, spec, metadata);
    }

    public GraphExportOptions withWeightFormat(WeightFormat f) {
        return new GraphExportOptions(target, f, input, metadata);
    }

    public GraphExportOptions withMetadata(Map<String, String> m) {
        return new GraphExportOptions(target, weightFormat, input, m);
    }
}
