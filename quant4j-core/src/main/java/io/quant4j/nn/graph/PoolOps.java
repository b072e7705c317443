package io.quant4j.nn.graph;

import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * MaxPool and AveragePool over 1, 2 or 3 spatial dimensions of {@code N x C x ...}. Pads
 * (explicit, asymmetric or from {@code auto_pad}) are applied to the input first: {@code -inf} for
 * max pooling, zeros for average pooling, whose divisor is the window's size with
 * {@code count_include_pad = 1} and the number of input elements in the window without (a mask
 * pooled the same way). Output size per dimension: {@code floor} (or {@code ceil} with
 * {@code ceil_mode}) of {@code (in + pads - ((kernel - 1) dilation + 1)) / stride + 1}. Dilated
 * windows are computed as the max (or sum) of strided slices. The Indices output of MaxPool is
 * refused.
 */
final class PoolOps {
    private PoolOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("MaxPool", c -> OpCall.out(pool(c, true)));
        t.put("AveragePool", c -> OpCall.out(pool(c, false)));
    }

    private static Tensor pool(OpCall c, boolean max) {
        long[] k = c.node().attrLongs("kernel_shape", null);
        Tensor x = c.dense(0);
        int n = x.rank() - 2;
        if (k == null || k.length != n || n < 1 || n > 3) {
            throw c.error("expected kernel_shape with one size per spatial dimension of a 1-D, 2-D or 3-D input, found kernel "
                    + Arrays.toString(k) + " on " + Arrays.toString(x.shape()), "Give N x C x D1 [x D2 [x D3]] and a matching kernel_shape.");
        }
        if (max && c.node().outputs().size() > 1 && !c.node().outputs().get(1).isEmpty()) {
            throw c.error("expected one output, found an Indices output too", "MaxPool's Indices output is not supported.");
        }
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        long[] s = c.node().attrLongs("strides", ones);
        long[] d = c.opset() >= (max ? 10 : 19) ? c.node().attrLongs("dilations", ones) : ones;
        long[] p = ConvPads.pads(c, k, s, d);
        boolean ceil = c.node().attrLong("ceil_mode", 0) != 0;
        boolean includePad = c.node().attrLong("count_include_pad", 0) != 0;
        boolean flat = n == 1;
        if (flat) {
            x = x.reshape(x.dim(0), x.dim(1), 1, x.dim(2));
            k = new long[] {1, k[0]};
            s = new long[] {1, s[0]};
            d = new long[] {1, d[0]};
            p = new long[] {0, p[0], 0, p[1]};
            n = 2;
        }
        long[] djlPads = new long[2 * n];
        boolean padded = false;
        for (int i = 0; i < n; i++) {
            djlPads[2 * (n - 1 - i)] = p[i];
            djlPads[2 * (n - 1 - i) + 1] = p[i + n];
            padded |= p[i] != 0 || p[i + n] != 0;
        }
        Tensor xp = padded ? x.pad(djlPads, max ? Float.NEGATIVE_INFINITY : 0f) : x;
        Tensor y;
        if (max) {
            y = window(c, xp, true, k, s, d, ceil);
        } else if (!padded || includePad) {
            y = window(c, xp, false, k, s, d, ceil);
        } else {
            long[] ms = x.shape();
            ms[0] = 1;
            ms[1] = 1;
            Tensor mask = GraphTensorOps.constantLike(ones(ms), ms, x).pad(djlPads, 0f);
            y = window(c, xp, false, k, s, d, ceil).div(window(c, mask, false, k, s, d, ceil));
        }
        return flat ? y.reshape(y.dim(0), y.dim(1), y.dim(3)) : y;
    }

    private static float[] ones(long[] shape) {
        float[] f = new float[Math.toIntExact(HostTensor.count(shape))];
        Arrays.fill(f, 1f);
        return f;
    }

    /** A pool without padding; dilated windows as the max or mean of strided slices. */
    private static Tensor window(OpCall c, Tensor x, boolean max, long[] k, long[] s, long[] d, boolean ceil) {
        if (Arrays.stream(d).allMatch(v -> v == 1)) {
            return GraphTensorOps.pool(x, max, k, s, ceil);
        }
        int n = k.length;
        int r = x.rank();
        long[] out = new long[n];
        long[] endPad = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long in = x.dim(r - n + i);
            long span = (k[i] - 1) * d[i] + 1;
            long num = in - span;
            if (num < 0) {
                throw c.error("expected windows inside the padded input, found a window of " + span + " on " + in,
                        "Check kernel_shape, dilations and pads.");
            }
            out[i] = (ceil ? (num + s[i] - 1) / s[i] : num / s[i]) + 1;
            if (ceil && (out[i] - 1) * s[i] >= in) {
                out[i]--;
            }
            endPad[2 * (n - 1 - i) + 1] = Math.max(0, (out[i] - 1) * s[i] + span - in);
        }
        boolean overhang = Arrays.stream(endPad).anyMatch(v -> v > 0);
        if (!max && overhang) {
            throw c.error("expected no ceil_mode overhang for a dilated average pool, found one", "Pad the input explicitly.");
        }
        Tensor xp = overhang ? x.pad(endPad, Float.NEGATIVE_INFINITY) : x;
        Tensor acc = null;
        int windows = (int) Arrays.stream(k).reduce(1, (a, b) -> a * b);
        for (int w = 0; w < windows; w++) {
            Tensor part = xp;
            int rem = w;
            for (int i = n - 1; i >= 0; i--) {
                long offset = (rem % k[i]) * d[i];
                rem /= (int) k[i];
                part = GraphTensorOps.slice(part, r - n + i, offset, offset + (out[i] - 1) * s[i] + 1, s[i]);
            }
            acc = acc == null ? part : max ? acc.maximum(part) : acc.add(part);
        }
        return max ? acc : acc.div(windows);
    }
}
