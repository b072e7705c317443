/**
 * Tensors and the native engine.
 *
 * <p>{@link io.quant4j.tensor.Tensor} wraps a DJL {@code NDArray} backed by PyTorch's CPU kernels
 * and autograd. Every operation the models use is a method of {@code Tensor}; this is also where
 * tracing happens: when a {@link io.quant4j.tensor.Tracer} is active each operation records an
 * ONNX-ready {@link io.quant4j.tensor.TracedOp}.
 *
 * <p>Memory rule: every step's intermediates live in a {@link io.quant4j.tensor.Scope} (a
 * sub-{@code NDManager}) that is closed at the end of the step; parameters and buffers live in the
 * long-lived {@link io.quant4j.tensor.Engines#root()} manager.
 *
 * <p>Kernels written in Java read and write tensors in place through
 * {@link io.quant4j.tensor.NativeMemory}; a {@link io.quant4j.tensor.StraightThrough} cut joins
 * such a result to autograd with a masked straight-through gradient.
 */
package io.quant4j.tensor;
