package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;

/**
 * Explicit zero padding in front of a convolution layer whose padding is asymmetric or comes from
 * {@code auto_pad} (the layer itself then pads nothing): the pads are computed for each input size.
 */
final class LayerPads {
    private LayerPads() {}

    static Tensor apply(OpCall c, Tensor x) {
        long[] k = c.node().attrLongs("kernel_shape", null);
        if (k == null) {
            throw c.error("expected kernel_shape for a padded convolution, found none", "Give the kernel_shape attribute.");
        }
        long[] s = c.node().attrLongs("strides", new long[] {1, 1});
        long[] d = c.node().attrLongs("dilations", new long[] {1, 1});
        long[] p = ConvPads.pads(c, k, s, d);
        if (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0) {
            return x;
        }
        // Tensor.pad takes the last dimension first: [left, right, top, bottom]
        return x.pad(new long[] {p[1], p[3], p[0], p[2]}, 0f);
    }
}
