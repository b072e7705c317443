package io.quant4j.quantization.layers;

import io.quant4j.quantization.TensorQuantizer;

/** A quantized layer with a weight quantizer ({@code _weight_quantizer}) as well as an input quantizer. */
public interface QuantWeight extends QuantInput {
    /** Child name of the weight quantizer (pytorch-quantization's). */
    String WEIGHT_QUANTIZER = "_weight_quantizer";

    /** The weight quantizer. */
    TensorQuantizer weightQuantizer();
}
