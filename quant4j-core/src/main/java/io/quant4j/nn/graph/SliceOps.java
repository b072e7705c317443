package io.quant4j.nn.graph;

import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Slice and Split, on dense tensors and host integers.
 *
 * <p>Slice takes {@code starts}, {@code ends}, {@code axes} as attributes before opset 10 and as
 * inputs since (with {@code steps}). Per axis of size {@code d}: negative bounds count from the
 * end; for {@code step > 0} start and end are clamped to {@code [0, d]}, for {@code step < 0} to
 * {@code [0, d-1]} and {@code [-1, d-1]}; the indices are {@code start, start+step, ...} before end.
 *
 * <p>Split cuts one axis into parts: sizes from the {@code split} attribute (before opset 13) or
 * input (since), else {@code num_outputs} (opset 18: parts of {@code ceil(d / n)}, the last one
 * smaller), else equal parts, one per output.
 */
final class SliceOps {
    private SliceOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("Slice", SliceOps::slice);
        t.put("Split", SliceOps::split);
    }

    private static List<Value> slice(OpCall c) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (c.opset() < 10) {
            starts = c.node().attrLongs("starts", null);
            ends = c.node().attrLongs("ends", null);
            axes = c.node().attrLongs("axes", null);
            if (starts == null || ends == null) {
                throw c.error("expected starts and ends attributes, found " + c.node().attributes().keySet(), "Give starts and ends.");
            }
        } else {
            starts = c.longs(1);
            ends = c.longs(2);
            axes = c.has(3) ? c.longs(3) : null;
            steps = c.has(4) ? c.longs(4) : null;
        }
        Value v = c.input(0);
        long[] s = v.shape();
        if (ends.length != starts.length || (axes != null && axes.length != starts.length)
                || (steps != null && steps.length != starts.length)) {
            throw c.error("expected starts, ends, axes and steps of one length, found " + Arrays.toString(starts) + ", "
                    + Arrays.toString(ends) + ", " + Arrays.toString(axes) + ", " + Arrays.toString(steps), "Give one entry per sliced axis.");
        }
        int[] ax = axes == null ? Axes.all(starts.length) : Axes.of(c, axes, s.length);
        for (int i = 0; i < ax.length; i++) {
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw c.error("expected nonzero steps, found " + Arrays.toString(steps), "Give each axis a nonzero step.");
            }
            v = sliceAxis(v, ax[i], starts[i], ends[i], step);
        }
        return List.of(v);
    }

    /** One axis of a slice, with ONNX's clamping. */
    private static Value sliceAxis(Value v, int axis, long start, long end, long step) {
        long d = v.shape()[axis];
        start = start < 0 ? start + d : start;
        end = end < 0 ? end + d : end;
        if (step > 0) {
            start = clamp(start, 0, d);
            end = clamp(end, 0, d);
            if (start == 0 && end == d && step == 1) {
                return v;
            }
        } else {
            start = clamp(start, 0, d - 1);
            end = clamp(end, -1, d - 1);
        }
        if (step > 0 && v instanceof Value.Dense dense) {
            return new Value.Dense(GraphTensorOps.slice(dense.tensor(), axis, start, Math.max(start, end), step));
        }
        List<Long> idx = new ArrayList<>();
        for (long i = start; step > 0 ? i < end : i > end; i += step) {
            idx.add(i);
        }
        return take(v, axis, idx.stream().mapToLong(Long::longValue).toArray());
    }

    private static long clamp(long x, long lo, long hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    /** Entries {@code idx} (valid, in order) of one axis. */
    static Value take(Value v, int axis, long[] idx) {
        if (v instanceof Value.Ints n) {
            return HostInts.take(n, axis, idx, 0);
        }
        Tensor x = ((Value.Dense) v).tensor();
        if (idx.length == 0) {
            return new Value.Dense(x.slice(axis, 0, 0));
        }
        return new Value.Dense(GraphTensorOps.take(x, axis, idx));
    }

    private static List<Value> split(OpCall c) {
        Value v = c.input(0);
        long[] s = v.shape();
        int axis = Axes.of(c, c.node().attrLong("axis", 0), s.length);
        int outputs = c.node().outputs().size();
        long d = s[axis];
        long[] sizes = c.opset() < 13 ? c.node().attrLongs("split", null) : c.has(1) ? c.longs(1) : null;
        if (sizes == null) {
            long n = c.opset() >= 18 && c.node().attributes().containsKey("num_outputs") ? c.node().attrLong("num_outputs", outputs) : outputs;
            if (c.opset() >= 18 && c.node().attributes().containsKey("num_outputs")) {
                long part = (d + n - 1) / n;
                sizes = new long[(int) n];
                for (int i = 0; i < n; i++) {
                    sizes[i] = Math.max(0, Math.min(part, d - i * part));
                }
            } else {
                if (d % n != 0) {
                    throw c.error("expected dimension " + axis + " (" + d + ") to split evenly into " + n + " outputs, found a remainder",
                            "Give the split sizes.");
                }
                sizes = new long[(int) n];
                Arrays.fill(sizes, d / n);
            }
        }
        if (Arrays.stream(sizes).sum() != d || sizes.length != outputs) {
            throw c.error("expected " + outputs + " split sizes summing to " + d + ", found " + Arrays.toString(sizes),
                    "Check the split sizes against the input's shape " + Arrays.toString(s) + ".");
        }
        List<Value> out = new ArrayList<>();
        long at = 0;
        for (long size : sizes) {
            if (v instanceof Value.Dense dense) {
                out.add(new Value.Dense(dense.tensor().slice(axis, at, at + size)));
            } else {
                long[] idx = new long[(int) size];
                for (int i = 0; i < size; i++) {
                    idx[i] = at + i;
                }
                out.add(HostInts.take((Value.Ints) v, axis, idx, 0));
            }
            at += size;
        }
        return out;
    }
}
