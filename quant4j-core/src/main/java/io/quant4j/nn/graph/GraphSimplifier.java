package io.quant4j.nn.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Algebraic simplifications of an imported graph, applied before its layers are built so that
 * the Java model and the exported file compute the same simplified graph (equal to the original
 * up to float rounding; every pass is exact in real arithmetic):
 * <pre>
 *   Conv(W, b) -> Mul(s) -> Add(t)          =>  Conv(s W, s b + t)        s, t scalars or per channel [1, K, 1, 1]
 *   Conv(W, b) -> BatchNormalization        =>  Conv(g W, g (b - mean) + beta),  g = gamma / sqrt(var + eps)
 *   Add(x, 3) -> Clip(0, 6) -> Mul(x, .) -> Div(6) (or Mul(1/6))   =>  HardSwish(x)   (opset 14 on)
 *   Mul(s) -> Add(t) -> Conv 1x1 (no padding)  =>  Conv(s W, b + t sum W)   (scalar s, t; every reader a 1x1 Conv)
 * </pre>
 * Each pass applies only where every intermediate value has one reader and is not a graph output.
 * Paddle's PP-LCNet exports (the PP-OCR models) wrap every convolution in such scalar affines and
 * decomposed hard-swishes: eight elementwise passes per convolution become one.
 */
final class GraphSimplifier {
    private final List<GraphNode> nodes;
    private final Map<String, HostTensor> constants;
    private final Set<String> outputs;
    private int created;

    /** The first opset with a HardSwish op; older graphs keep their decomposed form. */
    static final int HARD_SWISH_OPSET = 14;

    /** Counts of each simplification applied. */
    record Counts(int affineIntoConv, int batchNormIntoConv, int hardSwish, int affineIntoPointwise) {}

    private GraphSimplifier(List<GraphNode> nodes, Map<String, HostTensor> constants, Set<String> outputs) {
        this.nodes = nodes;
        this.constants = constants;
        this.outputs = outputs;
    }

    /** Simplifies {@code nodes} in place (constants may gain folded weights). */
    static Counts apply(List<GraphNode> nodes, Map<String, HostTensor> constants, Set<String> outputs, int opset) {
        GraphSimplifier s = new GraphSimplifier(nodes, constants, outputs);
        int affine = 0;
        int bn = 0;
        int hs = 0;
        int pre = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < nodes.size() && !changed; i++) {
                GraphNode n = nodes.get(i);
                if (n.op().equals("Conv") && s.foldAffineIntoConv(n)) {
                    affine++;
                    changed = true;
                } else if (n.op().equals("Conv") && s.foldBatchNormIntoConv(n)) {
                    bn++;
                    changed = true;
                } else if (opset >= HARD_SWISH_OPSET && n.op().equals("Add") && s.fuseHardSwish(n)) {
                    hs++;
                    changed = true;
                } else if (n.op().equals("Mul") && s.foldAffineIntoPointwise(n)) {
                    pre++;
                    changed = true;
                }
            }
        }
        return new Counts(affine, bn, hs, pre);
    }

    // ------------------------------------------------------------------ graph queries

    private List<GraphNode> readers(String edge) {
        List<GraphNode> out = new ArrayList<>();
        for (GraphNode n : nodes) {
            if (n.inputs().contains(edge)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The single reader of an edge that is not a graph output, or null. */
    private GraphNode soleReader(String edge) {
        if (outputs.contains(edge)) {
            return null;
        }
        List<GraphNode> r = readers(edge);
        return r.size() == 1 ? r.get(0) : null;
    }

    private HostTensor floatConstant(String edge) {
        HostTensor t = edge.isEmpty() ? null : constants.get(edge);
        return t != null && t.isFloat() ? t : null;
    }

    /** The other input of a binary node than {@code edge}, as a constant, or null. */
    private HostTensor otherConstant(GraphNode n, String edge) {
        if (n.inputs().size() != 2) {
            return null;
        }
        String other = n.inputs().get(0).equals(edge) ? n.inputs().get(1) : n.inputs().get(1).equals(edge) ? n.inputs().get(0) : null;
        return other == null || other.equals(edge) ? null : floatConstant(other);
    }

    /** Per-channel values of a scalar or [K] / [1, K, 1, 1] / [K, 1, 1] constant, or null when it has another shape. */
    private static float[] perChannel(HostTensor t, int k) {
        float[] v = t.floats();
        if (v.length == 1) {
            float[] out = new float[k];
            java.util.Arrays.fill(out, v[0]);
            return out;
        }
        long[] s = t.shape();
        long channels = 1;
        for (int d = 0; d < s.length; d++) {
            if (s[d] != 1) {
                // the broadcast axis of a 4-D output N x K x H x W is 1 (counted from the right: -3)
                if (s.length - d != 3 || channels != 1) {
                    return null;
                }
                channels = s[d];
            }
        }
        return channels == k && v.length == k ? v.clone() : null;
    }

    private String constant(String hint, HostTensor t) {
        String name = hint + "_simplified_" + created++;
        constants.put(name, t);
        return name;
    }

    private void replace(GraphNode old, GraphNode replacement) {
        nodes.set(nodes.indexOf(old), replacement);
    }

    private static GraphNode withIo(GraphNode n, List<String> inputs, List<String> outs) {
        return new GraphNode(n.name(), n.op(), inputs, outs, n.attributes());
    }

    /** The conv's weight and bias as constants ({@code [W, b]}), or null when they are not. */
    private float[][] convWeights(GraphNode conv) {
        HostTensor w = conv.inputs().size() > 1 ? floatConstant(conv.inputs().get(1)) : null;
        if (w == null || w.shape().length != 4) {
            return null;
        }
        int k = (int) w.shape()[0];
        float[] b = new float[k];
        if (conv.hasInput(2)) {
            HostTensor bt = floatConstant(conv.inputs().get(2));
            if (bt == null) {
                return null;
            }
            b = bt.floats().clone();
        }
        return new float[][] {w.floats().clone(), b};
    }

    private GraphNode convWith(GraphNode conv, float[] w, float[] b, String output) {
        HostTensor wt = constants.get(conv.inputs().get(1));
        String wn = constant(conv.name() + "_weight", HostTensor.ofFloats(w, wt.shape()));
        String bn = constant(conv.name() + "_bias", HostTensor.ofFloats(b, b.length));
        return withIo(conv, List.of(conv.inputs().get(0), wn, bn), List.of(output));
    }

    // ------------------------------------------------------------------ passes

    private boolean foldAffineIntoConv(GraphNode conv) {
        GraphNode next = soleReader(conv.outputs().get(0));
        if (next == null || !(next.op().equals("Mul") || next.op().equals("Add"))) {
            return false;
        }
        float[][] wb = convWeights(conv);
        HostTensor c = otherConstant(next, conv.outputs().get(0));
        if (wb == null || c == null) {
            return false;
        }
        int k = wb[1].length;
        float[] v = perChannel(c, k);
        if (v == null) {
            return false;
        }
        int per = wb[0].length / k;
        for (int o = 0; o < k; o++) {
            if (next.op().equals("Mul")) {
                for (int i = 0; i < per; i++) {
                    wb[0][o * per + i] *= v[o];
                }
                wb[1][o] *= v[o];
            } else {
                wb[1][o] += v[o];
            }
        }
        replace(conv, convWith(conv, wb[0], wb[1], next.outputs().get(0)));
        nodes.remove(next);
        return true;
    }

    private boolean foldBatchNormIntoConv(GraphNode conv) {
        GraphNode bn = soleReader(conv.outputs().get(0));
        if (bn == null || !bn.op().equals("BatchNormalization") || bn.outputs().size() != 1 || bn.inputs().size() != 5) {
            return false;
        }
        float[][] wb = convWeights(conv);
        if (wb == null) {
            return false;
        }
        int k = wb[1].length;
        float[][] p = new float[4][];
        for (int i = 0; i < 4; i++) {
            HostTensor t = floatConstant(bn.inputs().get(i + 1));
            if (t == null || t.floats().length != k) {
                return false;
            }
            p[i] = t.floats();
        }
        float eps = bn.attrFloat("epsilon", 1e-5f);
        int per = wb[0].length / k;
        for (int o = 0; o < k; o++) {
            float g = (float) (p[0][o] / Math.sqrt(p[3][o] + eps));
            for (int i = 0; i < per; i++) {
                wb[0][o * per + i] *= g;
            }
            wb[1][o] = g * (wb[1][o] - p[2][o]) + p[1][o];
        }
        replace(conv, convWith(conv, wb[0], wb[1], bn.outputs().get(0)));
        nodes.remove(bn);
        return true;
    }

    private static boolean scalarEquals(HostTensor t, float v) {
        return t != null && t.floats().length == 1 && Math.abs(t.floats()[0] - v) <= 1e-6f * Math.abs(v);
    }

    private boolean fuseHardSwish(GraphNode add) {
        if (add.inputs().size() != 2) {
            return false;
        }
        String x = floatConstant(add.inputs().get(1)) != null ? add.inputs().get(0) : add.inputs().get(1);
        if (!scalarEquals(otherConstant(add, x), 3f)) {
            return false;
        }
        GraphNode clip = soleReader(add.outputs().get(0));
        if (clip == null || !clip.op().equals("Clip") || clip.inputs().size() < 3
                || !scalarEquals(floatConstant(clip.inputs().get(1)), 0f) || !scalarEquals(floatConstant(clip.inputs().get(2)), 6f)) {
            return false;
        }
        GraphNode mul = soleReader(clip.outputs().get(0));
        if (mul == null || !mul.op().equals("Mul") || !mul.inputs().contains(x)) {
            return false;
        }
        GraphNode div = soleReader(mul.outputs().get(0));
        if (div == null) {
            return false;
        }
        HostTensor c = otherConstant(div, mul.outputs().get(0));
        boolean sixth = div.op().equals("Div") && div.inputs().get(0).equals(mul.outputs().get(0)) && scalarEquals(c, 6f)
                || div.op().equals("Mul") && scalarEquals(c, 1f / 6f);
        if (!sixth) {
            return false;
        }
        GraphNode hs = new GraphNode(add.name() + "_hardswish", "HardSwish", List.of(x), List.of(div.outputs().get(0)), Map.of());
        replace(add, hs);
        nodes.remove(clip);
        nodes.remove(mul);
        nodes.remove(div);
        return true;
    }

    private boolean foldAffineIntoPointwise(GraphNode mul) {
        if (mul.inputs().size() != 2) {
            return false;
        }
        String x = floatConstant(mul.inputs().get(1)) != null ? mul.inputs().get(0) : mul.inputs().get(1);
        HostTensor s = otherConstant(mul, x);
        if (s == null || s.floats().length != 1 || floatConstant(x) != null) {
            return false;
        }
        GraphNode add = soleReader(mul.outputs().get(0));
        HostTensor t = add == null || !add.op().equals("Add") ? null : otherConstant(add, mul.outputs().get(0));
        if (t == null || t.floats().length != 1 || outputs.contains(add.outputs().get(0))) {
            return false;
        }
        List<GraphNode> convs = readers(add.outputs().get(0));
        Map<GraphNode, float[][]> weights = new HashMap<>();
        for (GraphNode c : convs) {
            float[][] wb = c.op().equals("Conv") ? convWeights(c) : null;
            HostTensor w = wb == null ? null : constants.get(c.inputs().get(1));
            long[] pads = c.attrLongs("pads", new long[4]);
            if (wb == null || w.shape()[2] != 1 || w.shape()[3] != 1 || java.util.Arrays.stream(pads).anyMatch(p -> p != 0)
                    || !c.attrString("auto_pad", "NOTSET").equals("NOTSET") || !c.inputs().get(0).equals(add.outputs().get(0))) {
                return false;
            }
            weights.put(c, wb);
        }
        if (convs.isEmpty()) {
            return false;
        }
        float sv = s.floats()[0];
        float tv = t.floats()[0];
        for (GraphNode c : convs) {
            float[][] wb = weights.get(c);
            int k = wb[1].length;
            int per = wb[0].length / k;
            for (int o = 0; o < k; o++) {
                double sum = 0;
                for (int i = 0; i < per; i++) {
                    sum += wb[0][o * per + i];
                    wb[0][o * per + i] *= sv;
                }
                wb[1][o] += (float) (tv * sum);
            }
            GraphNode folded = convWith(c, wb[0], wb[1], c.outputs().get(0));
            List<String> in = new ArrayList<>(folded.inputs());
            in.set(0, x);
            replace(c, withIo(folded, in, folded.outputs()));
        }
        nodes.remove(mul);
        nodes.remove(add);
        return true;
    }
}
