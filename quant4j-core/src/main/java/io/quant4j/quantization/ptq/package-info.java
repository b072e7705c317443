/**
 * Post-training quantization: {@link io.quant4j.quantization.ptq.QuantizationCalibrator} runs
 * calibration data through a quantized model with every quantizer observing (one float pass),
 * then loads each quantizer's amax; {@link io.quant4j.quantization.ptq.Ptq} copies a float model,
 * quantizes the copy selectively and calibrates it.
 */
package io.quant4j.quantization.ptq;
