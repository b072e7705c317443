package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Global pooling (mean or max over every dimension after N and C, kept as 1) and softmax:
 * {@code softmax(x)_i = exp(x_i) / sum_j exp(x_j)} over {@code axis} since opset 13 (default -1);
 * before, over the input coerced to 2-D at {@code axis} (default 1): every dimension from
 * {@code axis} on is one row.
 */
final class NnOps {
    private NnOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("GlobalAveragePool", c -> OpCall.out(c.dense(0).mean(spatialAxes(c.input(0).shape()), true)));
        t.put("GlobalMaxPool", c -> OpCall.out(c.dense(0).max(spatialAxes(c.input(0).shape()), true)));
        t.put("Softmax", c -> OpCall.out(softmax(c, false)));
        t.put("LogSoftmax", c -> OpCall.out(softmax(c, true)));
    }

    private static int[] spatialAxes(long[] s) {
        int[] ax = new int[s.length - 2];
        for (int i = 0; i < ax.length; i++) {
            ax[i] = i + 2;
        }
        return ax;
    }

    /** Softmax: over one axis since opset 13; before, over the flattened dimensions from {@code axis} on. */
    private static Tensor softmax(OpCall c, boolean log) {
        Tensor x = c.dense(0);
        long[] s = x.shape();
        int r = s.length;
        if (c.opset() >= 13) {
            int axis = (int) c.node().attrLong("axis", -1);
            axis = axis < 0 ? axis + r : axis;
            return log ? x.logSoftmax(axis) : x.softmax(axis);
        }
        int axis = (int) c.node().attrLong("axis", 1);
        axis = axis < 0 ? axis + r : axis;
        long outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= s[i];
        }
        Tensor flat = x.reshape(outer, HostTensor.count(s) / Math.max(outer, 1));
        Tensor y = log ? flat.logSoftmax(1) : flat.softmax(1);
        return y.reshape(s);
    }
}
