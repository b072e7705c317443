package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;

/**
 * Quantizes a float model in place: replaces its layers by quantized ones and places the
 * quantizers. {@link SelectiveQuantizer} places them for TensorRT, {@link IntegerPlacement} for
 * ONNX Runtime's integer kernels; {@link QuantizationSpec#toQuantizer(long...)} builds the one a
 * spec's target names.
 */
@FunctionalInterface
public interface ModelQuantizer {
    /** Quantizes {@code model} in place and reports what was done. */
    QuantizationReport quantize(Module model);
}
