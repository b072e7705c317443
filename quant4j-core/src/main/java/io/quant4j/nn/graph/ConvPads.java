package io.quant4j.nn.graph;

import java.util.Arrays;

/**
 * The explicit pads of a convolution or pooling node for its input size: the {@code pads}
 * attribute ({@code [x1_begin, x2_begin, ..., x1_end, x2_end, ...]}, for 2-D
 * {@code [top, left, bottom, right]}), or those that {@code auto_pad} SAME_UPPER, SAME_LOWER or
 * VALID imply: output {@code ceil(in / stride)}, total padding
 * {@code (out - 1) stride + (kernel - 1) dilation + 1 - in}, the odd one at the end (SAME_UPPER)
 * or the beginning (SAME_LOWER).
 */
final class ConvPads {
    private ConvPads() {}

    /**
     * @param kernel kernel size per spatial dimension
     * @param strides strides
     * @param dilations dilations
     * @return {@code [begin..., end...]}, two per spatial dimension
     */
    static long[] pads(OpCall c, long[] kernel, long[] strides, long[] dilations) {
        String auto = c.node().attrString("auto_pad", "NOTSET");
        long[] s = c.input(0).shape();
        int n = kernel.length;
        switch (auto) {
            case "NOTSET":
                long[] p = c.node().attrLongs("pads", new long[2 * n]);
                if (p.length != 2 * n) {
                    throw c.error("expected " + 2 * n + " pads for a " + n + "-D node, found " + Arrays.toString(p),
                            "Give [x1_begin, x2_begin, ..., x1_end, x2_end, ...].");
                }
                return p;
            case "VALID":
                return new long[2 * n];
            case "SAME_UPPER":
            case "SAME_LOWER":
                long[] out = new long[2 * n];
                for (int i = 0; i < n; i++) {
                    long in = s[s.length - n + i];
                    long o = (in + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (o - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in);
                    long small = total / 2;
                    long big = total - small;
                    out[i] = auto.equals("SAME_UPPER") ? small : big;
                    out[i + n] = auto.equals("SAME_UPPER") ? big : small;
                }
                return out;
            default:
                throw c.error("expected auto_pad NOTSET, SAME_UPPER, SAME_LOWER or VALID, found " + auto, "Fix the attribute.");
        }
    }
}
