package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;

/**
 * Quantizes a float model in place: replaces its layers by quantized ones and places the
 * quantizers. {@link SelectiveQuantizer} places them for TensorRT, the onnxruntime target's
 * placement for ONNX Runtime's integer kernels; a target
 * ({@code io.quant4j.quantization.target.QuantTarget#placement}) builds the one it uses.
 */
@FunctionalInterface
public interface ModelQuantizer {
    /** Quantizes {@code model} in place and reports what was done. */
    QuantizationReport quantize(Module model);
}
