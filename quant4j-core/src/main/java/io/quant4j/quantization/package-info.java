/**
 * Quantization simulation, numerically identical to NVIDIA pytorch-quantization (CPU path).
 *
 * <p>{@link io.quant4j.quantization.QuantDescriptor} says how a tensor is quantized (bits, per
 * tensor or per channel, fixed/learned amax, calibration method); a
 * {@link io.quant4j.quantization.TensorQuantizer} module applies it: it observes tensors for its
 * calibrator, keeps the {@code _amax} buffer, and fake-quantizes with the straight-through
 * estimator ({@link io.quant4j.quantization.FakeQuant}):
 * <pre>
 *   y = clamp(round_half_even(x * maxBound / amax), minBound, maxBound) * amax / maxBound
 * </pre>
 * (the last step divides by {@code maxBound / amax}, as the reference does). Calibrators live in
 * {@link io.quant4j.quantization.calib}. The numerics contract is {@code docs/numerics.md}.
 *
 * <p>{@link io.quant4j.quantization.target.QuantTarget} is the runtime a model is placed for;
 * for ONNX Runtime's integer kernels, {@link io.quant4j.quantization.IntegerBias} rounds biases to
 * their int32 grid and a {@link io.quant4j.quantization.TiedQuantizer} lets a second reader of a
 * tensor share the quantizer of the first.
 */
package io.quant4j.quantization;
