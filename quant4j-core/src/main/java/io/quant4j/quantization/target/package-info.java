/**
 * Quantization targets: one object per runtime ({@link io.quant4j.quantization.target.QuantTarget})
 * owning its placement (which modules get which quantizers), the ops that carry quantized values
 * through unchanged, and the layout its ONNX export gets
 * ({@link io.quant4j.quantization.target.ExportLayout}, rules as data the exporter applies).
 * TensorRT places quantizers with the selective quantizer; ONNX Runtime from the model's traced
 * dataflow ({@link io.quant4j.quantization.target.IntegerPlacement}, with the package-private
 * {@code Dataflow} and {@code IntegerPlan}). A {@link io.quant4j.quantization.target.QuantizationSpec}
 * names its target by id; {@link io.quant4j.quantization.target.QuantTargets} resolves ids, and a
 * new runtime registers there.
 */
package io.quant4j.quantization.target;
