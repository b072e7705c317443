/**
 * Selective (hybrid) quantization: which modules of a float model become quantized, and how.
 *
 * <p>A {@link io.quant4j.quantization.selective.SelectiveQuantizer} walks the module tree and looks
 * each child up in a mapping table (data: key = full dotted name, regex, or exact type; value =
 * {@link io.quant4j.quantization.selective.QuantizedMetadata}: action, factory, descriptors),
 * name first, then patterns, then type, as SuperGradients does. The wrappers
 * {@link io.quant4j.quantization.selective.SkipQuantization} and
 * {@link io.quant4j.quantization.selective.QuantizedMapping} carry per-instance instructions, and
 * {@link io.quant4j.quantization.selective.QuantizationRegistry} holds users' own quantized blocks.
 * That is the TensorRT placement.
 *
 * <p>The pieces every placement shares live here: the defaults and their descriptors
 * ({@link io.quant4j.quantization.selective.SelectiveQuantizerParams}), the skip rule
 * ({@link io.quant4j.quantization.selective.SkipRules}), the
 * {@link io.quant4j.quantization.selective.ModelQuantizer} interface and its
 * {@link io.quant4j.quantization.selective.QuantizationReport}. Which placement a model gets is
 * its target's choice ({@link io.quant4j.quantization.target}). Nothing here prints: callers
 * format the report.
 */
package io.quant4j.quantization.selective;
