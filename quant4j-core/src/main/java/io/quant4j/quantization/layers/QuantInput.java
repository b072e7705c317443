package io.quant4j.quantization.layers;

import io.quant4j.quantization.TensorQuantizer;

/** A quantized layer whose input passes through a quantizer ({@code _input_quantizer}). */
public interface QuantInput {
    /** Child name of the input quantizer (pytorch-quantization's). */
    String INPUT_QUANTIZER = "_input_quantizer";

    /** The input quantizer. */
    TensorQuantizer inputQuantizer();
}
