package io.quant4j.quantization.target;

import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.tensor.OpType;
import java.util.Set;

/**
 * A runtime that executes quantized models, as one object (PyTorch ao's backend config): where
 * its quantizers go ({@link #placement}), which ops carry a quantized tensor through unchanged
 * ({@link #valuePreservingOps}), and how the exported ONNX graph is laid out for it
 * ({@link #exportLayout}). The spec stored with a quantized model names its target by
 * {@link #id()}; placement, checkpoints and export all read it from there, nothing guesses.
 *
 * <p>Built in: {@link #TENSORRT} and {@link #ONNXRUNTIME}. A new runtime is one class
 * implementing this interface, registered with {@link QuantTargets#register}.
 */
public interface QuantTarget {
    /** pytorch-quantization's placement for TensorRT's explicit quantization (the default). */
    QuantTarget TENSORRT = TensorRtTarget.INSTANCE;

    /** Placement and layout for ONNX Runtime's integer kernels on CPU. */
    QuantTarget ONNXRUNTIME = OnnxRuntimeTarget.INSTANCE;

    /** The name in recipes, checkpoints, ONNX metadata and the CLI (lower case, no spaces). */
    String id();

    /**
     * The quantizer that places this target's quantizers in a float model as {@code spec} says.
     *
     * @param sampleShape the shape of one input batch {@code N x C x H x W}, for placements that
     *     trace the model's dataflow (others ignore it)
     */
    ModelQuantizer placement(QuantizationSpec spec, long[] sampleShape);

    /** Ops whose output holds exactly the quantized values of their input (they commute with quantization). */
    Set<OpType> valuePreservingOps();

    /** The rewrites the ONNX exporter applies to the Q/DQ graph for this runtime. */
    ExportLayout exportLayout();

    /**
     * The registered target of an id.
     *
     * @throws IllegalArgumentException naming the registered ids
     */
    static QuantTarget parse(String id) {
        return QuantTargets.get(id);
    }
}
