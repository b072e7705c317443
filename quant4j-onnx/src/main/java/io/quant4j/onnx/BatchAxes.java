package io.quant4j.onnx;

import io.quant4j.tensor.OpType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which axis of each value carries the batch (the graph input's axis 0), or -1. Lowering uses it
 * to write shape constants that work for any batch size: {@code Reshape} targets get 0 (copy) or
 * -1 (infer) at the batch axis, {@code Slice} ends over the whole batch become {@code INT64_MAX}.
 *
 * <p>Rules: Transpose moves the axis by its permutation; a reduction over it drops it; MatMul,
 * Gemm and Linear keep it unless it is the contracted axis; other ops keep it at the same distance
 * from the last axis (NumPy broadcasting aligns trailing axes).
 */
final class BatchAxes {
    private static final Set<OpType> REDUCTIONS = Set.of(OpType.REDUCE_SUM, OpType.REDUCE_MEAN, OpType.REDUCE_MAX, OpType.REDUCE_MIN,
            OpType.ARG_MAX);

    private BatchAxes() {}

    static Map<String, Integer> compute(IrGraph g, boolean dynamic) {
        Map<String, Integer> ax = new HashMap<>();
        if (dynamic) {
            g.inputs.forEach(i -> ax.put(i, 0));
        }
        for (IrNode n : g.nodes) {
            int b = -1;
            String src = null;
            for (String in : n.inputs) {
                Integer a = ax.get(in);
                if (a != null && a >= 0) {
                    b = a;
                    src = in;
                    break;
                }
            }
            ax.put(n.output, b < 0 ? -1 : propagate(n, b, g.shapes.get(src).length, g.shapes.get(n.output).length));
        }
        return ax;
    }

    private static int propagate(IrNode n, int b, int inRank, int outRank) {
        OpType type = OpType.of(n.type).orElse(null);
        if (type == null) {
            return elementwise(b, inRank, outRank);
        }
        switch (type) {
            case TRANSPOSE -> {
                long[] perm = (long[]) n.attrs.get("perm");
                for (int i = 0; i < perm.length; i++) {
                    if (perm[i] == b) {
                        return i;
                    }
                }
                return -1;
            }
            case RESHAPE, FLATTEN -> {
                return b == 0 ? 0 : -1;
            }
            case LINEAR, MAT_MUL, GEMM -> {
                return b < inRank - 1 ? b : -1;
            }
            default -> {
                return REDUCTIONS.contains(type) ? reduced(n, b, inRank) : elementwise(b, inRank, outRank);
            }
        }
    }

    /** Broadcasting ops align trailing axes. */
    private static int elementwise(int b, int inRank, int outRank) {
        int o = b + (outRank - inRank);
        return o >= 0 && o < outRank ? o : -1;
    }

    private static int reduced(IrNode n, int b, int rank) {
        long[] axes;
        if (n.attrs.get("axes") instanceof long[] a) {
            axes = a;
        } else if (n.attrs.get("axis") instanceof Long a) {
            axes = new long[] {a};
        } else {
            return -1;
        }
        boolean keep = ((Number) n.attrs.getOrDefault("keepdims", 1L)).longValue() != 0;
        int before = 0;
        for (long a : axes) {
            long x = a < 0 ? a + rank : a;
            if (x == b) {
                return -1;
            }
            if (x < b) {
                before++;
            }
        }
        return keep ? b : b - before;
    }
}
