package io.quant4j.nn.graph;

import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Ops that move, reshape or describe data: on dense tensors and on host integers alike. */
final class ShapeOps {
    private ShapeOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("Shape", ShapeOps::shape);
        t.put("Reshape", c -> List.of(reshape(c, c.input(0), c.longs(1), c.node().attrLong("allowzero", 0) != 0)));
        t.put("Flatten", ShapeOps::flatten);
        t.put("Transpose", ShapeOps::transpose);
        t.put("Unsqueeze", ShapeOps::unsqueeze);
        t.put("Squeeze", ShapeOps::squeeze);
        t.put("Concat", ShapeOps::concat);
        t.put("Gather", ShapeOps::gather);
        t.put("Expand", ShapeOps::expand);
    }

    private static List<Value> shape(OpCall c) {
        long[] s = c.input(0).shape();
        int r = s.length;
        int start = (int) c.node().attrLong("start", 0);
        int end = (int) c.node().attrLong("end", r);
        start = Math.max(0, Math.min(r, start < 0 ? start + r : start));
        end = Math.max(0, Math.min(r, end < 0 ? end + r : end));
        return List.of(Value.Ints.vector(Arrays.copyOfRange(s, start, Math.max(start, end))));
    }

    /** ONNX Reshape: 0 copies the input's dimension (unless allowzero), -1 is inferred. */
    static Value reshape(OpCall c, Value in, long[] target, boolean allowZero) {
        long[] s = in.shape();
        long[] out = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= s.length) {
                    throw c.error("expected dimension " + i + " to copy from an input of rank " + s.length + ", found none",
                            "Check the target shape " + Arrays.toString(target) + ".");
                }
                out[i] = s[i];
            }
            if (out[i] == -1) {
                if (infer >= 0) {
                    throw c.error("expected at most one -1 in the target shape, found " + Arrays.toString(target), "Fix the shape.");
                }
                infer = i;
            } else {
                known *= out[i];
            }
        }
        long total = HostTensor.count(s);
        if (infer >= 0) {
            out[infer] = known == 0 ? 0 : total / known;
        }
        if (HostTensor.count(out) != total) {
            throw c.error("expected a target shape of " + total + " elements for input " + Arrays.toString(s) + ", found "
                    + Arrays.toString(target) + " = " + Arrays.toString(out), "Check the shape the graph computes for this input size.");
        }
        return in instanceof Value.Ints n ? new Value.Ints(n.data(), out, n.bool()) : new Value.Dense(((Value.Dense) in).tensor().reshape(out));
    }

    private static List<Value> flatten(OpCall c) {
        long[] s = c.input(0).shape();
        int axis = (int) c.node().attrLong("axis", 1);
        axis = axis < 0 ? axis + s.length : axis;
        long a = 1;
        for (int i = 0; i < axis; i++) {
            a *= s[i];
        }
        long b = HostTensor.count(s) / Math.max(a, 1);
        return List.of(reshape(c, c.input(0), new long[] {a, b}, true));
    }

    private static List<Value> transpose(OpCall c) {
        int r = c.input(0).shape().length;
        long[] perm = c.node().attrLongs("perm", null);
        int[] p = new int[r];
        for (int i = 0; i < r; i++) {
            p[i] = perm == null ? r - 1 - i : (int) perm[i];
        }
        if (c.input(0) instanceof Value.Ints n) {
            return List.of(HostInts.permute(n, p));
        }
        return OpCall.out(c.dense(0).permute(p));
    }

    /** Axes from the attribute (before opset 13) or input 1. */
    private static long[] axes(OpCall c) {
        if (c.opset() < 13) {
            return c.node().attrLongs("axes", null);
        }
        return c.has(1) ? c.longs(1) : null;
    }

    private static List<Value> unsqueeze(OpCall c) {
        long[] s = c.input(0).shape();
        long[] ax = axes(c);
        if (ax == null) {
            throw c.error("expected axes, found none", "Give the axes to insert.");
        }
        int r = s.length + ax.length;
        boolean[] inserted = new boolean[r];
        for (int a : Axes.of(c, ax, r)) {
            inserted[a] = true;
        }
        long[] out = new long[r];
        for (int i = 0, j = 0; i < r; i++) {
            out[i] = inserted[i] ? 1 : s[j++];
        }
        return List.of(reshape(c, c.input(0), out, true));
    }

    private static List<Value> squeeze(OpCall c) {
        long[] s = c.input(0).shape();
        long[] ax = axes(c);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            boolean drop;
            if (ax == null) {
                drop = s[i] == 1;
            } else {
                final int d = i;
                drop = Arrays.stream(ax).anyMatch(a -> (a < 0 ? a + s.length : a) == d);
                if (drop && s[i] != 1) {
                    throw c.error("expected dimension " + i + " of size 1 to squeeze, found " + s[i], "Check the axes.");
                }
            }
            if (!drop) {
                out.add(s[i]);
            }
        }
        return List.of(reshape(c, c.input(0), out.stream().mapToLong(Long::longValue).toArray(), true));
    }

    private static List<Value> concat(OpCall c) {
        int n = c.inputs().size();
        int r = c.input(0).shape().length;
        if (!c.node().attributes().containsKey("axis")) {
            throw c.error("expected an axis attribute, found none", "Concat needs the axis to join along.");
        }
        int axis = Axes.of(c, c.node().attrLong("axis", 0), r);
        boolean allInts = true;
        for (int i = 0; i < n; i++) {
            allInts &= c.input(i) instanceof Value.Ints;
        }
        if (allInts) {
            List<Value.Ints> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                parts.add(c.ints(i));
            }
            return List.of(HostInts.concat(parts, axis, c));
        }
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (HostTensor.count(c.input(i).shape()) > 0 || i == n - 1 && parts.isEmpty()) {
                parts.add(c.dense(i));
            }
        }
        return OpCall.out(parts.size() == 1 ? parts.get(0) : Tensor.concat(parts, axis));
    }

    /** Gather: {@code out[i..., j..., k...] = data[i..., indices[j...], k...]} (negative indices count from the end). */
    private static List<Value> gather(OpCall c) {
        long[] s = c.input(0).shape();
        int axis = Axes.of(c, c.node().attrLong("axis", 0), s.length);
        Value.Ints idx = c.ints(1);
        long[] is = idx.shape();
        long[] outShape = new long[s.length - 1 + is.length];
        System.arraycopy(s, 0, outShape, 0, axis);
        System.arraycopy(is, 0, outShape, axis, is.length);
        System.arraycopy(s, axis + 1, outShape, axis + is.length, s.length - axis - 1);
        long[] indices = idx.data();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < -s[axis] || indices[i] >= s[axis]) {
                throw c.error("expected indices in [" + -s[axis] + ", " + (s[axis] - 1) + "], found " + indices[i], "Check the indices.");
            }
            indices[i] = indices[i] < 0 ? indices[i] + s[axis] : indices[i];
        }
        if (c.input(0) instanceof Value.Ints data) {
            return List.of(reshape(c, HostInts.take(data, axis, indices, 0), outShape, true));
        }
        return List.of(reshape(c, new Value.Dense(GraphTensorOps.take(c.dense(0), axis, indices)), outShape, true));
    }

    /** Expand: broadcasts the input and the given shape against each other (numpy rules). */
    private static List<Value> expand(OpCall c) {
        long[] target = Broadcast.shape(c.input(0).shape(), c.longs(1));
        if (target == null) {
            throw c.error("expected a shape that broadcasts with " + Arrays.toString(c.input(0).shape()) + ", found "
                    + Arrays.toString(c.longs(1)), "Check the shape the graph computes for this input size.");
        }
        if (c.input(0) instanceof Value.Ints n) {
            return List.of(HostInts.broadcastTo(n, target));
        }
        Tensor x = c.dense(0);
        long[] s = x.shape();
        if (s.length < target.length) {
            long[] padded = new long[target.length];
            Arrays.fill(padded, 1);
            System.arraycopy(s, 0, padded, target.length - s.length, s.length);
            x = x.reshape(padded);
        }
        return OpCall.out(x.broadcastTo(target));
    }
}
