package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;

/**
 * Builds a quantized module from a float one (weights preserved), like SuperGradients'
 * {@code from_float}. The descriptors are the mapping's or the quantizer's defaults.
 */
@FunctionalInterface
public interface QuantFactory {
    /**
     * @param floatModule the module being replaced
     * @param input descriptor for input (activation) quantizers
     * @param weights descriptor for weight quantizers
     * @return the quantized module
     */
    Module create(Module floatModule, QuantDescriptor input, QuantDescriptor weights);
}
