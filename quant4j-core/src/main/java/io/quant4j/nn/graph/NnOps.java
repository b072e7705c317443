package io.quant4j.nn.graph;

import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Neural-network ops without parameters of their own: pooling, softmax, and the functional forms of layers. */
final class NnOps {
    private NnOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("GlobalAveragePool", c -> OpCall.out(c.dense(0).mean(spatialAxes(c.input(0).shape()), true)));
        t.put("GlobalMaxPool", c -> OpCall.out(c.dense(0).max(spatialAxes(c.input(0).shape()), true)));
        t.put("MaxPool", NnOps::maxPool);
        t.put("AveragePool", NnOps::avgPool);
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

    /** Kernel, strides and symmetric pads of a 2-D pool, or an error naming what is unsupported. */
    private static Int2[] pool2d(OpCall c) {
        long[] k = c.node().attrLongs("kernel_shape", null);
        if (k == null || k.length != 2 || c.input(0).shape().length != 4) {
            throw c.error("expected a 2-D pool (kernel_shape of 2 values, N x C x H x W input), found kernel " + Arrays.toString(k)
                    + " on " + Arrays.toString(c.input(0).shape()), "Only 2-D pooling is supported.");
        }
        long[] s = c.node().attrLongs("strides", new long[] {1, 1});
        long[] p = ConvPads.pads(c, new long[] {k[0], k[1]}, s, new long[] {1, 1});
        if (p[0] != p[2] || p[1] != p[3]) {
            throw c.error("expected symmetric pads, found " + Arrays.toString(p), "Pad the input explicitly before pooling.");
        }
        return new Int2[] {new Int2((int) k[0], (int) k[1]), new Int2((int) s[0], (int) s[1]), new Int2((int) p[0], (int) p[1])};
    }

    private static List<Value> maxPool(OpCall c) {
        Int2[] kps = pool2d(c);
        if (c.node().outputs().size() > 1) {
            throw c.error("expected one output, found an Indices output too", "MaxPool's indices are not supported.");
        }
        return OpCall.out(c.dense(0).maxPool2d(kps[0], kps[1], kps[2], c.node().attrLong("ceil_mode", 0) != 0));
    }

    private static List<Value> avgPool(OpCall c) {
        Int2[] kps = pool2d(c);
        return OpCall.out(c.dense(0).avgPool2d(kps[0], kps[1], kps[2], c.node().attrLong("ceil_mode", 0) != 0,
                c.node().attrLong("count_include_pad", 0) != 0));
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
