package io.quant4j.nn.graph;

import java.util.Arrays;
import java.util.List;

/**
 * Data movement on host integer tensors ({@link Value.Ints}), row-major: the integer
 * counterparts of the tensor ops that shape subgraphs use (gather along an axis, concatenation,
 * broadcasting, transposition).
 */
final class HostInts {
    private HostInts() {}

    /** Product of {@code s[from..to)}. */
    static long prod(long[] s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= s[i];
        }
        return p;
    }

    /**
     * Entries {@code idx[0], idx[1], ...} of {@code axis}, in order; an index of {@code -1} reads
     * {@code fill} instead (constant padding).
     */
    static Value.Ints take(Value.Ints v, int axis, long[] idx, long fill) {
        long[] s = v.shape();
        long outer = prod(s, 0, axis);
        long inner = prod(s, axis + 1, s.length);
        long[] out = new long[Math.toIntExact(outer * idx.length * inner)];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (long ix : idx) {
                for (long in = 0; in < inner; in++) {
                    out[k++] = ix < 0 ? fill : v.get((int) ((o * s[axis] + ix) * inner + in));
                }
            }
        }
        long[] os = s.clone();
        os[axis] = idx.length;
        return new Value.Ints(out, os, v.bool());
    }

    /** Concatenation along an axis. */
    static Value.Ints concat(List<Value.Ints> parts, int axis, OpCall c) {
        long[] s0 = parts.get(0).shape();
        long total = 0;
        for (Value.Ints p : parts) {
            long[] s = p.shape();
            for (int d = 0; d < s0.length; d++) {
                if (s.length != s0.length || (d != axis && s[d] != s0[d])) {
                    throw c.error("expected inputs of shape " + Arrays.toString(s0) + " except along axis " + axis + ", found "
                            + Arrays.toString(s), "Check the shapes the graph computes for this input size.");
                }
            }
            total += s[axis];
        }
        long outer = prod(s0, 0, axis);
        long inner = prod(s0, axis + 1, s0.length);
        long[] out = new long[Math.toIntExact(outer * total * inner)];
        int k = 0;
        for (long o = 0; o < outer; o++) {
            for (Value.Ints p : parts) {
                long[] d = p.data();
                int chunk = (int) (p.shape()[axis] * inner);
                System.arraycopy(d, (int) (o * chunk), out, k, chunk);
                k += chunk;
            }
        }
        long[] os = s0.clone();
        os[axis] = total;
        return new Value.Ints(out, os, parts.get(0).bool());
    }

    /** Broadcast to a shape (numpy rules, the input's dimensions 1 or equal). */
    static Value.Ints broadcastTo(Value.Ints v, long[] shape) {
        long[] out = new long[Math.toIntExact(HostTensor.count(shape))];
        long[] s = v.shape();
        long[] d = v.data();
        for (int i = 0; i < out.length; i++) {
            out[i] = d[Broadcast.index(i, shape, s)];
        }
        return new Value.Ints(out, shape, v.bool());
    }

    /** Transposition: output dimension {@code i} is input dimension {@code p[i]}. */
    static Value.Ints permute(Value.Ints n, int[] p) {
        long[] s = n.shape();
        long[] os = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            os[i] = s[p[i]];
        }
        long[] inStrides = new long[s.length];
        long stride = 1;
        for (int d = s.length - 1; d >= 0; d--) {
            inStrides[d] = stride;
            stride *= s[d];
        }
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            long rem = i;
            long src = 0;
            for (int d = p.length - 1; d >= 0; d--) {
                src += (rem % os[d]) * inStrides[p[d]];
                rem /= os[d];
            }
            out[i] = n.get((int) src);
        }
        return new Value.Ints(out, os, n.bool());
    }
}
