package io.quant4j.quantization.target;

import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.tensor.OpType;
import java.util.Set;

/**
 * TensorRT's explicit quantization, as pytorch-quantization places it: signed quantizers on the
 * inputs of quantized ops and on weights (per output channel), float biases, BatchNorm folded at
 * export, Q/DQ pairs exported where the quantizers are. TensorRT builds INT8 engines from such a
 * file; ONNX Runtime runs it as float Q/DQ arithmetic (slower than FP32 on CPU).
 */
final class TensorRtTarget implements QuantTarget {
    static final TensorRtTarget INSTANCE = new TensorRtTarget();

    private static final Set<OpType> PRESERVING = Set.of(OpType.MAX_POOL, OpType.FLATTEN, OpType.RESHAPE, OpType.IDENTITY);

    private TensorRtTarget() {}

    @Override
    public String id() {
        return "tensorrt";
    }

    /** SuperGradients' {@link SelectiveQuantizer} with the spec's defaults, skips and mappings; the shape is not needed. */
    @Override
    public ModelQuantizer placement(QuantizationSpec spec, long[] sampleShape) {
        SelectiveQuantizer sq = new SelectiveQuantizer(spec.params());
        spec.skips().registerWith(sq);
        spec.mappings().forEach(m -> sq.registerQuantizationMapping(m.floatClass(), m.metadata()));
        return sq;
    }

    @Override
    public Set<OpType> valuePreservingOps() {
        return PRESERVING;
    }

    @Override
    public ExportLayout exportLayout() {
        return ExportLayout.AS_PLACED;
    }

    @Override
    public String toString() {
        return id();
    }
}
