package io.quant4j.nn.graph;

/**
 * The explicit pads of a convolution or pooling node for its input size: the {@code pads}
 * attribute ({@code [top, left, bottom, right]}), or those that {@code auto_pad} SAME_UPPER,
 * SAME_LOWER or VALID imply.
 */
final class ConvPads {
    private ConvPads() {}

    /**
     * @param kernel kernel height and width
     * @param strides strides
     * @param dilations dilations
     * @return {@code [top, left, bottom, right]}
     */
    static long[] pads(OpCall c, long[] kernel, long[] strides, long[] dilations) {
        String auto = c.node().attrString("auto_pad", "NOTSET");
        long[] s = c.input(0).shape();
        switch (auto) {
            case "NOTSET":
                long[] p = c.node().attrLongs("pads", new long[4]);
                if (p.length != 4) {
                    throw c.error("expected 4 pads for a 2-D node, found " + p.length, "Give [top, left, bottom, right].");
                }
                return p;
            case "VALID":
                return new long[4];
            case "SAME_UPPER":
            case "SAME_LOWER":
                long[] out = new long[4];
                for (int i = 0; i < 2; i++) {
                    long in = s[2 + i];
                    long o = (in + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (o - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in);
                    long small = total / 2;
                    long big = total - small;
                    out[i] = auto.equals("SAME_UPPER") ? small : big;
                    out[i + 2] = auto.equals("SAME_UPPER") ? big : small;
                }
                return out;
            default:
                throw c.error("expected auto_pad NOTSET, SAME_UPPER, SAME_LOWER or VALID, found " + auto, "Fix the attribute.");
        }
    }
}
