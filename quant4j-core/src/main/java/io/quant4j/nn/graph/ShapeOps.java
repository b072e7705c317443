package io.quant4j.nn.graph;

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
        t.put("Constant", ShapeOps::constant);
        t.put("Cast", ShapeOps::cast);
        t.put("Reshape", c -> List.of(reshape(c, c.input(0), c.longs(1), c.node().attrLong("allowzero", 0) != 0)));
        t.put("Flatten", ShapeOps::flatten);
        t.put("Transpose", ShapeOps::transpose);
        t.put("Unsqueeze", ShapeOps::unsqueeze);
        t.put("Squeeze", ShapeOps::squeeze);
        t.put("Concat", ShapeOps::concat);
        t.put("Gather", ShapeOps::gather);
    }

    /** The value of a constant tensor: integers on the host, floats as a tensor. */
    static Value of(HostTensor h) {
        return h.isFloat() ? new Value.Dense(Tensor.fromFloats(h.floats(), h.shape())) : new Value.Ints(h.ints(), h.shape(), false);
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

    private static List<Value> constant(OpCall c) {
        HostTensor v = c.node().attrTensor("value");
        if (v != null) {
            return List.of(of(v));
        }
        Object a = c.node().attributes().values().stream().findFirst().orElse(null);
        if (a instanceof Float f) {
            return List.of(of(HostTensor.ofFloats(new float[] {f})));
        }
        if (a instanceof Long l) {
            return List.of(Value.Ints.scalar(l));
        }
        if (a instanceof float[] fs) {
            return List.of(of(HostTensor.ofFloats(fs, fs.length)));
        }
        if (a instanceof long[] ls) {
            return List.of(Value.Ints.vector(ls));
        }
        throw c.error("expected a value attribute (value, value_float(s), value_int(s)), found " + c.node().attributes().keySet(),
                "Give the Constant a numeric value.");
    }

    /** ONNX TensorProto data types that are floating point (FLOAT, FLOAT16, DOUBLE, BFLOAT16). */
    static boolean isFloatType(long dataType) {
        return dataType == 1 || dataType == 10 || dataType == 11 || dataType == 16;
    }

    private static List<Value> cast(OpCall c) {
        long to = c.node().attrLong("to", 1);
        Value v = c.input(0);
        if (isFloatType(to)) {
            return OpCall.out(c.dense(0));
        }
        boolean bool = to == 9;
        if (v instanceof Value.Ints n) {
            long[] d = n.data();
            if (bool) {
                for (int i = 0; i < d.length; i++) {
                    d[i] = d[i] != 0 ? 1 : 0;
                }
            }
            return List.of(new Value.Ints(d, n.shape(), bool));
        }
        Tensor t = ((Value.Dense) v).tensor();
        float[] f = t.toFloatArray();
        long[] d = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = bool ? (f[i] != 0 ? 1 : 0) : (long) f[i];
        }
        return List.of(new Value.Ints(d, t.shape(), bool));
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
            return List.of(permuteInts(n, p));
        }
        return OpCall.out(c.dense(0).permute(p));
    }

    private static Value.Ints permuteInts(Value.Ints n, int[] p) {
        long[] s = n.shape();
        long[] os = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            os[i] = s[p[i]];
        }
        long[] out = new long[n.size()];
        long[] coords = new long[p.length];
        for (int i = 0; i < out.length; i++) {
            int rem = i;
            for (int d = p.length - 1; d >= 0; d--) {
                coords[d] = rem % os[d];
                rem /= (int) os[d];
            }
            int src = 0;
            long stride = 1;
            long[] inCoords = new long[p.length];
            for (int d = 0; d < p.length; d++) {
                inCoords[p[d]] = coords[d];
            }
            for (int d = p.length - 1; d >= 0; d--) {
                src += (int) (inCoords[d] * stride);
                stride *= s[d];
            }
            out[i] = n.get(src);
        }
        return new Value.Ints(out, os, n.bool());
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
        for (long a : ax) {
            inserted[(int) (a < 0 ? a + r : a)] = true;
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
        long axisAttr = c.node().attrLong("axis", 0);
        int axis = (int) (axisAttr < 0 ? axisAttr + r : axisAttr);
        boolean allInts = true;
        for (int i = 0; i < n; i++) {
            allInts &= c.input(i) instanceof Value.Ints;
        }
        if (allInts && r == 1) {
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (long v : c.longs(i)) {
                    all.add(v);
                }
            }
            return List.of(Value.Ints.vector(all.stream().mapToLong(Long::longValue).toArray()));
        }
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (HostTensor.count(c.input(i).shape()) > 0) {
                parts.add(c.dense(i));
            }
        }
        return OpCall.out(Tensor.concat(parts, axis));
    }

    private static List<Value> gather(OpCall c) {
        long[] s = c.input(0).shape();
        int axis = (int) c.node().attrLong("axis", 0);
        axis = axis < 0 ? axis + s.length : axis;
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
            long outer = 1;
            for (int i = 0; i < axis; i++) {
                outer *= s[i];
            }
            long inner = 1;
            for (int i = axis + 1; i < s.length; i++) {
                inner *= s[i];
            }
            long[] out = new long[(int) (outer * indices.length * inner)];
            int k = 0;
            for (long o = 0; o < outer; o++) {
                for (long ix : indices) {
                    for (long in = 0; in < inner; in++) {
                        out[k++] = data.get((int) ((o * s[axis] + ix) * inner + in));
                    }
                }
            }
            return List.of(new Value.Ints(out, outShape, data.bool()));
        }
        Tensor x = c.dense(0);
        List<Tensor> parts = new ArrayList<>();
        for (long ix : indices) {
            parts.add(x.slice(axis, ix, ix + 1));
        }
        Tensor cat = parts.size() == 1 ? parts.get(0) : Tensor.concat(parts, axis);
        return OpCall.out(cat.reshape(outShape));
    }
}
