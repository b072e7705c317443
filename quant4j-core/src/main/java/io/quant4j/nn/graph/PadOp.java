package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pad: {@code pads = [x1_begin, x2_begin, ..., x1_end, x2_end, ...]} (an attribute before opset 11,
 * input 1 since; opset 18's {@code axes} input names the padded axes). Negative pads crop. Modes:
 * <pre>
 *   constant  value (attribute before opset 11, input 2 since; default 0)
 *   reflect   mirror without repeating the edge: [a b c] padded by 2 is [c b | a b c | b a]
 *   edge      repeat the edge:                   [a a | a b c | c c]
 *   wrap      periodic (opset 19):               [b c | a b c | a b]
 * </pre>
 * Reflect, edge and wrap gather along each axis (autograd sums the copies' gradients).
 */
final class PadOp {
    private PadOp() {}

    static void register(Map<String, GraphOp> t) {
        t.put("Pad", PadOp::pad);
    }

    private static List<Value> pad(OpCall c) {
        Value v = c.input(0);
        int r = v.shape().length;
        String mode = c.node().attrString("mode", "constant");
        long[] given;
        float value;
        int[] axes = Axes.all(r);
        if (c.opset() < 11) {
            given = c.node().attrLongs("pads", null);
            value = c.node().attrFloat("value", 0f);
        } else {
            given = c.longs(1);
            value = c.has(2) ? ElementwiseOps.scalar(c, 2) : 0f;
            if (c.has(3)) {
                axes = Axes.of(c, c.longs(3), r);
            }
        }
        if (given == null || given.length != 2 * axes.length) {
            throw c.error("expected " + 2 * axes.length + " pads (begin and end of each padded axis), found "
                    + (given == null ? "none" : Arrays.toString(given)), "Give [x1_begin, x2_begin, ..., x1_end, x2_end, ...].");
        }
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge") && !mode.equals("wrap")) {
            throw c.error("expected mode constant, reflect, edge or wrap, found \"" + mode + "\"", "Fix the attribute.");
        }
        if (mode.equals("wrap") && c.opset() < 19) {
            throw c.error("expected mode wrap only from opset 19, found opset " + c.opset(), "Declare opset 19.");
        }
        long[] begin = new long[r];
        long[] end = new long[r];
        for (int i = 0; i < axes.length; i++) {
            begin[axes[i]] = given[i];
            end[axes[i]] = given[i + axes.length];
        }
        if (mode.equals("constant") && v instanceof Value.Dense d) {
            return OpCall.out(constantPad(d.tensor(), begin, end, value));
        }
        for (int a = 0; a < r; a++) {
            if (begin[a] == 0 && end[a] == 0) {
                continue;
            }
            long n = v.shape()[a];
            long size = n + begin[a] + end[a];
            if (size < 0 || (n == 0 && !mode.equals("constant") && size > 0)) {
                throw c.error("expected pads that leave a non-negative size and pad a non-empty axis, found " + begin[a] + " and " + end[a]
                        + " on axis " + a + " of size " + n, "Check the pads.");
            }
            long[] idx = new long[(int) size];
            for (int i = 0; i < size; i++) {
                idx[i] = source(i - begin[a], n, mode);
            }
            v = v instanceof Value.Ints ints ? HostInts.take(ints, a, idx, (long) value) : SliceOps.take(v, a, idx);
        }
        return List.of(v);
    }

    /** The input index that output index {@code i} (in input coordinates) reads, or -1 for the constant. */
    private static long source(long i, long n, String mode) {
        if (i >= 0 && i < n) {
            return i;
        }
        return switch (mode) {
            case "edge" -> i < 0 ? 0 : n - 1;
            case "wrap" -> Math.floorMod(i, n);
            case "reflect" -> {
                if (n == 1) {
                    yield 0;
                }
                long period = 2 * (n - 1);
                long m = Math.floorMod(i, period);
                yield m < n ? m : period - m;
            }
            default -> -1;
        };
    }

    /** Constant padding; negative pads crop first. */
    private static Tensor constantPad(Tensor x, long[] begin, long[] end, float value) {
        int r = begin.length;
        for (int a = 0; a < r; a++) {
            long n = x.dim(a);
            long from = Math.max(0, -begin[a]);
            long to = n - Math.max(0, -end[a]);
            if (from > 0 || to < n) {
                x = x.slice(a, from, Math.max(from, to));
            }
        }
        long[] p = new long[2 * r];
        boolean any = false;
        for (int a = 0; a < r; a++) {
            p[2 * (r - 1 - a)] = Math.max(0, begin[a]);
            p[2 * (r - 1 - a) + 1] = Math.max(0, end[a]);
            any |= p[2 * (r - 1 - a)] > 0 || p[2 * (r - 1 - a) + 1] > 0;
        }
        return any ? x.pad(p, value) : x;
    }
}
