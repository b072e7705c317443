package io.quant4j.nn.graph;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The op table: ONNX op type to its {@link GraphOp}, filled by the op groups
 * ({@link ElementwiseOps}, {@link ShapeOps}, {@link NnOps}). Parametric nodes (Conv,
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
        ShapeOps.register(t);
        NnOps.register(t);
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
