package io.quant4j.nn.graph;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/** Numpy-style broadcasting for host integer tensors ({@link Value.Ints}). */
final class Broadcast {
    private Broadcast() {}

    /** The broadcast shape of two shapes, or null when they do not broadcast. */
    static long[] shape(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long x = i < r - a.length ? 1 : a[i - (r - a.length)];
            long y = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    /** {@code f(a, b)} elementwise with broadcasting. */
    static Value.Ints apply(Value.Ints a, Value.Ints b, LongBinaryOperator f, boolean boolResult, OpCall call) {
        long[] s = shape(a.shape(), b.shape());
        if (s == null) {
            throw call.error("expected broadcastable shapes, found " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()),
                    "Check the shapes the graph computes for this input size.");
        }
        int n = (int) HostTensor.count(s);
        long[] out = new long[n];
        long[] ad = a.data();
        long[] bd = b.data();
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsLong(ad[index(i, s, a.shape())], bd[index(i, s, b.shape())]);
        }
        return new Value.Ints(out, s, boolResult);
    }

    /** The flat index in a tensor of shape {@code from} of output element {@code flat} of shape {@code to}. */
    static int index(int flat, long[] to, long[] from) {
        int idx = 0;
        long stride = 1;
        int rem = flat;
        long[] coords = new long[to.length];
        for (int d = to.length - 1; d >= 0; d--) {
            coords[d] = rem % to[d];
            rem /= (int) to[d];
        }
        for (int d = from.length - 1; d >= 0; d--) {
            long c = coords[d + (to.length - from.length)];
            idx += (int) ((from[d] == 1 ? 0 : c) * stride);
            stride *= from[d];
        }
        return idx;
    }
}
