/**
 * ONNX import: {@link io.quant4j.onnx.imports.OnnxImporter} reads a model file (external data
 * included) into a {@link io.quant4j.nn.graph.GraphModule} whose parametric nodes are the
 * project's own layers, so that quantization, calibration and training apply to it unchanged;
 * the original graph is kept ({@link io.quant4j.onnx.imports.ImportedModel}) so that export can
 * write it back with the quantization inserted and the original's dynamic axes.
 */
package io.quant4j.onnx.imports;
