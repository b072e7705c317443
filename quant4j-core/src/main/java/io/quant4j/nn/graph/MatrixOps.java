package io.quant4j.nn.graph;

import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The functional forms of the parametric ops, for weights computed in the graph (or given as
 * graph inputs); with constant weights these nodes are layers ({@link GraphLayers}).
 * <pre>
 *   MatMul(A, B)        numpy matmul (batched, broadcasting)
 *   Gemm(A, B, C)       alpha A' B' + beta C,  A' = transA ? A^T : A,  B' likewise
 *   Conv(X, W, B)       1-D or 2-D: group, strides, dilations, pads (asymmetric or auto_pad: zero-padded first)
 *   ConvTranspose       1-D or 2-D: the full transposed convolution F = (in-1) stride + (k-1) dilation + 1,
 *                       then out[i] = F[i + pad_begin] for i < F + output_padding - pad_begin - pad_end
 *                       (zeros outside F); output_shape or auto_pad set the pads as the ONNX spec says
 * </pre>
 */
final class MatrixOps {
    private MatrixOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("MatMul", c -> OpCall.out(c.dense(0).matmul(c.dense(1))));
        t.put("Gemm", MatrixOps::gemm);
        t.put("Conv", MatrixOps::conv);
        t.put("ConvTranspose", MatrixOps::convTranspose);
    }

    private static List<Value> gemm(OpCall c) {
        Tensor a = c.dense(0);
        Tensor b = c.dense(1);
        if (a.rank() != 2 || b.rank() != 2) {
            throw c.error("expected 2-D A and B, found " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()),
                    "Gemm multiplies matrices; use MatMul for batches.");
        }
        a = c.node().attrLong("transA", 0) != 0 ? a.transpose(0, 1) : a;
        b = c.node().attrLong("transB", 0) != 0 ? b.transpose(0, 1) : b;
        float alpha = c.node().attrFloat("alpha", 1f);
        float beta = c.node().attrFloat("beta", 1f);
        Tensor y = a.matmul(b);
        y = alpha == 1f ? y : y.mul(alpha);
        if (c.has(2) && beta != 0f) {
            Tensor bias = c.dense(2);
            y = y.add(beta == 1f ? bias : bias.mul(beta));
        }
        return OpCall.out(y);
    }

    /** The spatial rank of a conv node's input (1 or 2), or an error. */
    private static int spatial(OpCall c, Tensor x, Tensor w) {
        int n = x.rank() - 2;
        if ((n != 1 && n != 2) || w.rank() != x.rank()) {
            throw c.error("expected a 1-D or 2-D convolution (input N x C x [H x] W and a weight of the same rank), found input "
                    + Arrays.toString(x.shape()) + " and weight " + Arrays.toString(w.shape()), "3-D convolutions are not supported.");
        }
        long[] k = c.node().attrLongs("kernel_shape", null);
        long[] ws = w.shape();
        if (k != null && !Arrays.equals(k, Arrays.copyOfRange(ws, 2, ws.length))) {
            throw c.error("expected kernel_shape equal to the weight's spatial dimensions " + Arrays.toString(Arrays.copyOfRange(ws, 2, ws.length))
                    + ", found " + Arrays.toString(k), "Fix kernel_shape.");
        }
        return n;
    }

    /** A 1-D tensor as 2-D with height 1 (or unchanged). */
    private static Tensor as2d(Tensor t, int n) {
        if (n == 2) {
            return t;
        }
        long[] s = t.shape();
        return t.reshape(s[0], s[1], 1, s[2]);
    }

    private static long[] as2d(long[] v, long fill, int n) {
        return n == 2 ? v : new long[] {fill, v[0]};
    }

    private static long[] attr(OpCall c, String key, int n, long dflt) {
        long[] d = new long[n];
        Arrays.fill(d, dflt);
        long[] v = c.node().attrLongs(key, d);
        if (v.length != n) {
            throw c.error("expected " + n + " values of " + key + ", found " + Arrays.toString(v), "Give one per spatial dimension.");
        }
        return v;
    }

    private static List<Value> conv(OpCall c) {
        Tensor x = c.dense(0);
        Tensor w = c.dense(1);
        int n = spatial(c, x, w);
        long[] ws = w.shape();
        long[] k = Arrays.copyOfRange(ws, 2, ws.length);
        long[] s = attr(c, "strides", n, 1);
        long[] d = attr(c, "dilations", n, 1);
        long[] p = ConvPads.pads(c, k, s, d);
        int group = (int) c.node().attrLong("group", 1);
        x = as2d(x, n);
        w = as2d(w, n);
        s = as2d(s, 1, n);
        d = as2d(d, 1, n);
        long[] begin = as2d(Arrays.copyOfRange(p, 0, n), 0, n);
        long[] end = as2d(Arrays.copyOfRange(p, n, 2 * n), 0, n);
        Int2 pad = Int2.of(0);
        if (begin[0] == end[0] && begin[1] == end[1]) {
            pad = new Int2((int) begin[0], (int) begin[1]);
        } else {
            x = x.pad(new long[] {begin[1], end[1], begin[0], end[0]}, 0f);
        }
        ConvSpec spec = new ConvSpec(new Int2((int) s[0], (int) s[1]), pad, new Int2((int) d[0], (int) d[1]), group);
        Tensor y = x.conv2d(w, c.has(2) ? c.dense(2) : null, spec);
        return OpCall.out(n == 2 ? y : y.reshape(y.dim(0), y.dim(1), y.dim(3)));
    }

    private static List<Value> convTranspose(OpCall c) {
        Tensor x = c.dense(0);
        Tensor w = c.dense(1);
        int n = spatial(c, x, w);
        long[] ws = w.shape();
        long[] k = Arrays.copyOfRange(ws, 2, ws.length);
        long[] s = attr(c, "strides", n, 1);
        long[] d = attr(c, "dilations", n, 1);
        long[] outPad = attr(c, "output_padding", n, 0);
        int group = (int) c.node().attrLong("group", 1);
        long[] in = Arrays.copyOfRange(x.shape(), 2, 2 + n);
        long[] full = new long[n];
        long[] begin = new long[n];
        long[] size = new long[n];
        long[] outputShape = c.node().attrLongs("output_shape", null);
        String auto = c.node().attrString("auto_pad", "NOTSET");
        long[] pads = auto.equals("NOTSET") ? attr(c, "pads", 2 * n, 0) : new long[2 * n];
        if (outputShape != null && outputShape.length == n + 2) {
            outputShape = Arrays.copyOfRange(outputShape, 2, n + 2);
        }
        for (int i = 0; i < n; i++) {
            full[i] = (in[i] - 1) * s[i] + (k[i] - 1) * d[i] + 1;
            long target = outputShape != null ? outputShape[i] : auto.startsWith("SAME") ? in[i] * s[i] : -1;
            if (target >= 0) {
                long total = full[i] + outPad[i] - target;
                begin[i] = auto.equals("SAME_UPPER") ? Math.floorDiv(total, 2) : total - Math.floorDiv(total, 2);
                size[i] = target;
            } else {
                begin[i] = pads[i];
                size[i] = full[i] + outPad[i] - pads[i] - pads[i + n];
            }
        }
        x = as2d(x, n);
        w = as2d(w, n);
        long[] s2 = as2d(s, 1, n);
        long[] d2 = as2d(d, 1, n);
        ConvSpec spec = new ConvSpec(new Int2((int) s2[0], (int) s2[1]), Int2.of(0), new Int2((int) d2[0], (int) d2[1]), group);
        Tensor y = x.convTranspose2d(w, null, spec, Int2.of(0));
        for (int i = 0; i < n; i++) {
            int axis = y.rank() - n + i;
            long from = begin[i];
            if (from < 0) {
                long[] front = new long[2 * (y.rank() - axis)];
                front[front.length - 2] = -from;
                y = y.pad(front, 0f);
                from = 0;
            }
            long have = y.dim(axis) - from;
            if (have < size[i]) {
                long[] back = new long[2 * (y.rank() - axis)];
                back[back.length - 1] = size[i] - have;
                y = y.pad(back, 0f);
            }
            y = y.slice(axis, from, from + size[i]);
        }
        if (n == 1) {
            y = y.reshape(y.dim(0), y.dim(1), y.dim(3));
        }
        if (c.has(2)) {
            long[] shape = new long[y.rank()];
            Arrays.fill(shape, 1);
            shape[1] = y.dim(1);
            y = y.add(c.dense(2).reshape(shape));
        }
        return OpCall.out(y);
    }
}
