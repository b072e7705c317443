package io.quant4j.quantization.target;

import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.tensor.OpType;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime's integer kernels on CPU (QLinearConv, QLinearAdd, QLinearGlobalAveragePool,
 * QGemm): quantizers placed from the traced dataflow ({@link IntegerPlacement}: BatchNorm folded
 * into the convolution, int32 biases, quantized outputs after the ReLU, unsigned where the tensor is
 * non-negative, one quantizer per tensor shared by its readers), and the export laid out the way
 * ONNX Runtime's QDQ fusions match (every rewrite of {@link ExportLayout}).
 */
final class OnnxRuntimeTarget implements QuantTarget {
    static final OnnxRuntimeTarget INSTANCE = new OnnxRuntimeTarget();

    private static final Set<OpType> PRESERVING = Set.of(OpType.MAX_POOL, OpType.FLATTEN, OpType.RESHAPE, OpType.IDENTITY);
    private static final ExportLayout LAYOUT = new ExportLayout(true, true, true, true, true, PRESERVING,
            Map.of("quant4j.target", "onnxruntime"));

    private OnnxRuntimeTarget() {}

    @Override
    public String id() {
        return "onnxruntime";
    }

    @Override
    public ModelQuantizer placement(QuantizationSpec spec, long[] sampleShape) {
        IntegerPlacement.checkSampleShape(sampleShape);
        if (!spec.mappings().isEmpty()) {
            throw new io.quant4j.quantization.selective.QuantizationMappingException("the onnxruntime target places"
                    + " integer kernels from the model's dataflow and takes no quantized module mappings, found "
                    + spec.mappings().size() + " (" + spec.mappings().get(0).floatType() + " ...)", null,
                    "Use target tensorrt for custom quantized blocks (SuperGradients' register_quantized_module), or"
                            + " drop the mappings.");
        }
        // a graph module has its dataflow explicit: placed on its nodes and edges; any other model from its trace
        return model -> model instanceof io.quant4j.nn.graph.GraphModule ? new GraphIntegerPlacement(spec).quantize(model)
                : new IntegerPlacement(spec, PRESERVING, sampleShape).quantize(model);
    }

    @Override
    public Set<OpType> valuePreservingOps() {
        return PRESERVING;
    }

    @Override
    public ExportLayout exportLayout() {
        return LAYOUT;
    }

    @Override
    public String toString() {
        return id();
    }
}
