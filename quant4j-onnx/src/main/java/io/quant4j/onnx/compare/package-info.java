/**
 * Comparing two ONNX files on the same inputs in ONNX Runtime (a float reference and its INT8
 * candidate, or two quantizers' files): {@link io.quant4j.onnx.compare.OnnxComparison} runs both
 * and reports per output {@link io.quant4j.onnx.compare.OutputAgreement} (SQNR, cosine, max and
 * mean absolute difference), {@link io.quant4j.onnx.compare.Top1Agreement} (logits and sequences),
 * {@link io.quant4j.onnx.compare.MaskIoU} (probability maps) and
 * {@link io.quant4j.onnx.compare.CtcAgreement} (greedy {@link io.quant4j.onnx.compare.CtcDecoder}
 * strings); {@link io.quant4j.onnx.compare.OrtProfiler} and
 * {@link io.quant4j.onnx.compare.OrtProfile} show which kernels ran and where the time went.
 */
package io.quant4j.onnx.compare;
