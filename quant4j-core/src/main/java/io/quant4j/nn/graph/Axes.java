package io.quant4j.nn.graph;

import java.util.Arrays;

/** Axis arguments of ONNX nodes: negative axes count from the end; out-of-range axes are errors at the node. */
final class Axes {
    private Axes() {}

    /** {@code axis} in {@code [-rank, rank)} as a non-negative axis. */
    static int of(OpCall c, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw c.error("expected an axis in [" + -rank + ", " + (rank - 1) + "] for an input of rank " + rank + ", found " + axis,
                    "Check the node's axis attribute or input.");
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Every axis normalized; duplicates are errors. */
    static int[] of(OpCall c, long[] axes, int rank) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < axes.length; i++) {
            out[i] = of(c, axes[i], rank);
            if (seen[out[i]]) {
                throw c.error("expected distinct axes, found " + Arrays.toString(axes), "List each axis once.");
            }
            seen[out[i]] = true;
        }
        return out;
    }

    /** {@code 0, 1, ..., rank-1}. */
    static int[] all(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Moves axis {@code a} to the end: the permutation, and (with {@code inverse}) the one that moves it back. */
    static int[] toLast(int a, int rank, boolean inverse) {
        int[] p = new int[rank];
        if (!inverse) {
            for (int i = 0, j = 0; i < rank; i++) {
                if (i != a) {
                    p[j++] = i;
                }
            }
            p[rank - 1] = a;
        } else {
            for (int i = 0; i < rank; i++) {
                p[i] = i < a ? i : i == a ? rank - 1 : i - 1;
            }
        }
        return p;
    }
}
