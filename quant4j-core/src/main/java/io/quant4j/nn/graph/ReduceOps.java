package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * ReduceSum, ReduceMean, ReduceMax, ReduceMin over {@code axes} (all axes when none are given),
 * keeping reduced dimensions as 1 when {@code keepdims} (default 1). The axes are an attribute up
 * to opset 12 for ReduceSum and up to opset 17 for the others, the optional input 1 after; with
 * {@code noop_with_empty_axes = 1} (input form) empty axes mean identity.
 */
final class ReduceOps {
    private ReduceOps() {}

    private enum Kind { SUM, MEAN, MAX, MIN }

    static void register(Map<String, GraphOp> t) {
        t.put("ReduceSum", c -> reduce(c, Kind.SUM, 13));
        t.put("ReduceMean", c -> reduce(c, Kind.MEAN, 18));
        t.put("ReduceMax", c -> reduce(c, Kind.MAX, 18));
        t.put("ReduceMin", c -> reduce(c, Kind.MIN, 18));
    }

    private static List<Value> reduce(OpCall c, Kind kind, int axesInputSince) {
        Tensor x = c.dense(0);
        int r = x.rank();
        boolean keep = c.node().attrLong("keepdims", 1) != 0;
        long[] axes;
        if (c.opset() < axesInputSince) {
            axes = c.node().attrLongs("axes", null);
        } else {
            if (c.node().attributes().containsKey("axes")) {
                throw c.error("expected axes as input 1 from opset " + axesInputSince + ", found an axes attribute",
                        "Give the axes as an int64 input (or convert the model with onnx.version_converter).");
            }
            axes = c.has(1) ? c.longs(1) : null;
            if ((axes == null || axes.length == 0) && c.node().attrLong("noop_with_empty_axes", 0) != 0) {
                return List.of(c.input(0));
            }
        }
        int[] ax = axes == null || axes.length == 0 ? Axes.all(r) : Axes.of(c, axes, r);
        if (ax.length == 0) {
            return OpCall.out(x);
        }
        for (int a : ax) {
            if (x.dim(a) == 0 && (kind == Kind.MAX || kind == Kind.MIN)) {
                throw c.error("expected a non-empty dimension " + a + " to reduce, found size 0", "The reduction of an empty set is not supported.");
            }
        }
        Tensor y = switch (kind) {
            case SUM -> x.sum(ax, keep);
            case MEAN -> x.mean(ax, keep);
            case MAX -> x.max(ax, keep);
            case MIN -> x.min(ax, keep);
        };
        return OpCall.out(y);
    }
}
