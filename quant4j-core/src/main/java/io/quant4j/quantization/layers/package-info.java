/**
 * Quantized layers: the float op with quantizer slots, built {@code fromFloat} with the float
 * layer's weights. As in pytorch-quantization, a layer with weights holds
 * {@code _input_quantizer} and {@code _weight_quantizer} children (state-dict keys such as
 * {@code conv1._weight_quantizer._amax}); pooling layers hold {@code _input_quantizer}. Biases stay
 * float.
 *
 * <p>For the ONNX Runtime target, {@link io.quant4j.quantization.layers.IntegerConv2d} and
 * {@link io.quant4j.quantization.layers.IntegerLinear} ({@link io.quant4j.quantization.layers.IntegerLayer})
 * are the integer-kernel counterparts: BatchNorm folded in, int32 bias on the grid
 * {@code input scale x weight scale}, a fused {@link io.quant4j.quantization.layers.Activation}
 * and an optional {@code _output_quantizer}; their input is quantized here, shared, or upstream.
 */
package io.quant4j.quantization.layers;
