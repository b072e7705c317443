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
 * <p>For ONNX Runtime's integer kernels, {@link io.quant4j.quantization.selective.IntegerPlacement}
 * places quantizers from the model's traced dataflow instead (package-private {@code Dataflow} and
 * {@code IntegerPlan}). Both are {@link io.quant4j.quantization.selective.ModelQuantizer}s, built
 * from a {@link io.quant4j.quantization.selective.QuantizationSpec} by its target.
 */
package io.quant4j.quantization.selective;
