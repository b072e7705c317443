/**
 * ONNX export, checking and ONNX Runtime execution.
 *
 * <ul>
 *   <li>{@link io.quant4j.onnx.OnnxExporter}: trace a {@code Module}'s forward and write opset 17
 *       ONNX; every fake quantizer ({@code QuantizeDequantize} trace op) becomes
 *       {@code QuantizeLinear -> DequantizeLinear} (spec §7); exact BatchNorm folding; dynamic
 *       batch; provenance in {@code metadata_props}; atomic writes.</li>
 *   <li>{@link io.quant4j.onnx.OnnxVerifier}: the gate comparing ONNX Runtime with the Java forward,
 *       in quantization steps and top-1 agreement.</li>
 *   <li>{@link io.quant4j.onnx.OnnxChecker}: strict structural checks of a ModelProto.</li>
 *   <li>{@link io.quant4j.onnx.OrtRunner}, {@link io.quant4j.onnx.OrtBench}: sessions, accuracy,
 *       latency and throughput.</li>
 * </ul>
 * The op mapping is the data table {@code OpTable}; the graph passes work on a small mutable IR
 * ({@code IrGraph}) between the trace and the protos.
 */
package io.quant4j.onnx;
