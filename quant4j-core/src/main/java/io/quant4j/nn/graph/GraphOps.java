package io.quant4j.nn.graph;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The op table: ONNX op type to its {@link GraphOp}, filled by the op groups
 * ({@link ElementwiseOps}, {@link ActivationOps}, {@link LogicOps}, {@link ShapeOps},
 * {@link ConstantOps}, {@link SliceOps}, {@link PadOp}, {@link ReduceOps}, {@link NnOps},
 * {@link PoolOps}, {@link NormOps}, {@link MatrixOps}, {@link ResizeOp}). Parametric nodes (Conv,
 * ConvTranspose, Gemm/MatMul with a constant weight, BatchNormalization) are layers instead (see
 * {@link GraphModule}); the table also holds their functional forms for the cases where their
 * weights are computed.
 */
public final class GraphOps {
    /** The opsets of the default ONNX domain that graphs may be written for. */
    public static final int MIN_OPSET = 9;
    /** The newest opset whose semantics the table follows. */
    public static final int MAX_OPSET = 21;

    private static final Map<String, GraphOp> TABLE;

    static {
        Map<String, GraphOp> t = new TreeMap<>();
        ElementwiseOps.register(t);
        ActivationOps.register(t);
        LogicOps.register(t);
        ShapeOps.register(t);
        ConstantOps.register(t);
        SliceOps.register(t);
        PadOp.register(t);
        ReduceOps.register(t);
        NnOps.register(t);
        PoolOps.register(t);
        NormOps.register(t);
        MatrixOps.register(t);
        ResizeOp.register(t);
        TABLE = Collections.unmodifiableMap(t);
    }

    private GraphOps() {}

    /** The op of a type, or null when the table has none. */
    public static GraphOp get(String opType) {
        return TABLE.get(opType);
    }

    /** Every supported op type, sorted. */
    public static Set<String> supported() {
        return TABLE.keySet();
    }
}
