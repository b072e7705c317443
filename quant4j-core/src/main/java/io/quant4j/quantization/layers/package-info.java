/**
 * Quantized layers: the float op with quantizer slots, built {@code fromFloat} with the float
 * layer's weights. As in pytorch-quantization, a layer with weights holds
 * {@code _input_quantizer} and {@code _weight_quantizer} children (state-dict keys such as
 * {@code conv1._weight_quantizer._amax}); pooling layers hold {@code _input_quantizer}. Biases stay
 * float.
 */
package io.quant4j.quantization.layers;
