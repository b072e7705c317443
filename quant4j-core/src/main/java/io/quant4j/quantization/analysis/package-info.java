/**
 * Where quantization loses accuracy, measured on a calibrated model: its quantizers grouped by
 * layer ({@link io.quant4j.quantization.analysis.QuantizedLayers}), each layer's sensitivity both
 * ways ({@link io.quant4j.quantization.analysis.SensitivityAnalysis}: the metric with only that
 * layer quantized, and with only that layer left in float), and automatic mixed precision
 * ({@link io.quant4j.quantization.analysis.AccuracyBudgetSearch}: the fewest layers to leave in
 * float, most sensitive first, until the metric is within a budget of the float model's). Layers
 * are left in float by disabling their quantizers in the one calibrated model, so no search step
 * calibrates again.
 */
package io.quant4j.quantization.analysis;
