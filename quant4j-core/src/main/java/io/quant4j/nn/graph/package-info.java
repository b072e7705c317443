/**
 * Dataflow graphs as modules: a {@link io.quant4j.nn.graph.GraphModule} runs a list of
 * {@link io.quant4j.nn.graph.GraphNode}s (ONNX's op types and attributes, as plain Java values) in
 * order. Parametric nodes are the project's own layers ({@code Conv2d}, {@code Linear},
 * {@code BatchNorm2d}, {@code ConvTranspose2d}), registered as children named by their node names,
 * so selective quantization, skip rules, calibration and training apply to them unchanged; every
 * other node runs an op of the {@link io.quant4j.nn.graph.GraphOps} table (op type to function,
 * data) on {@link io.quant4j.tensor.Tensor}s, with autograd. Integer tensors that only describe
 * shapes ({@code Shape -> Gather -> Concat -> Reshape}) are computed on the host as
 * {@link io.quant4j.nn.graph.Value.Ints}, so the graph runs at any input size.
 */
package io.quant4j.nn.graph;
