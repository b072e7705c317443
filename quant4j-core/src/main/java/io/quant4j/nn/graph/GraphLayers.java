package io.quant4j.nn.graph;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.ConvTranspose2d;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateEntry;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Tensor;
import java.util.Map;

/**
 * Parametric nodes as the project's layers, when their weights are constants:
 * <pre>
 *   Conv (2-D)                      -> Conv2d            W: K x C/g x R x S, B: K
 *   ConvTranspose (2-D)             -> ConvTranspose2d   W: C x K/g x R x S
 *   BatchNormalization (N x C x H x W) -> BatchNorm2d    eval statistics, momentum 1 - ONNX momentum
 *   Gemm (transA = 0, constant B)   -> Linear            weight = alpha * (transB ? B : B^T), bias = beta * C
 *   MatMul (constant 2-D B)         -> Linear            weight = B^T, no bias
 * </pre>
 * Any other form stays a functional op of the table. Conv pads that are asymmetric or come from
 * {@code auto_pad} are applied in front of the layer ({@link LayerPads}).
 */
final class GraphLayers {
    private GraphLayers() {}

    /** The layer for a node, or null when the node stays an op. {@code padded[0]} is set when pads go in front. */
    static Module layerFor(GraphNode n, Map<String, HostTensor> constants, boolean[] padded) {
        return switch (n.op()) {
            case "Conv" -> conv(n, constants, padded);
            case "ConvTranspose" -> convTranspose(n, constants);
            case "BatchNormalization" -> batchNorm(n, constants);
            case "Gemm" -> gemm(n, constants);
            case "MatMul" -> matMul(n, constants);
            default -> null;
        };
    }

    private static HostTensor floatConstant(GraphNode n, int i, Map<String, HostTensor> constants) {
        if (!n.hasInput(i)) {
            return null;
        }
        HostTensor t = constants.get(n.inputs().get(i));
        return t != null && t.isFloat() ? t : null;
    }

    private static void set(StateEntry e, float[] values, long... shape) {
        e.assign(Tensor.fromFloats(values, shape));
    }

    private static Module conv(GraphNode n, Map<String, HostTensor> constants, boolean[] padded) {
        HostTensor w = floatConstant(n, 1, constants);
        HostTensor b = floatConstant(n, 2, constants);
        if (w == null || w.shape().length != 4 || (n.hasInput(2) && b == null)) {
            return null;
        }
        long[] ws = w.shape();
        int group = (int) n.attrLong("group", 1);
        long[] k = n.attrLongs("kernel_shape", new long[] {ws[2], ws[3]});
        long[] s = n.attrLongs("strides", new long[] {1, 1});
        long[] d = n.attrLongs("dilations", new long[] {1, 1});
        long[] p = n.attrLongs("pads", new long[4]);
        String auto = n.attrString("auto_pad", "NOTSET");
        boolean symmetric = auto.equals("NOTSET") && p.length == 4 && p[0] == p[2] && p[1] == p[3];
        if (k[0] != ws[2] || k[1] != ws[3]) {
            return null;
        }
        Int2 pad = symmetric ? new Int2((int) p[0], (int) p[1]) : Int2.of(0);
        padded[0] = !symmetric && !auto.equals("VALID");
        ConvSpec spec = new ConvSpec(new Int2((int) s[0], (int) s[1]), pad, new Int2((int) d[0], (int) d[1]), group);
        Conv2d c = new Conv2d((int) ws[1] * group, (int) ws[0], new Int2((int) ws[2], (int) ws[3]), spec, b != null);
        set(c.weight(), w.floats(), ws);
        if (b != null) {
            set(c.bias(), b.floats(), ws[0]);
        }
        return c;
    }

    private static Module convTranspose(GraphNode n, Map<String, HostTensor> constants) {
        HostTensor w = floatConstant(n, 1, constants);
        HostTensor b = floatConstant(n, 2, constants);
        if (w == null || w.shape().length != 4 || (n.hasInput(2) && b == null) || n.attributes().containsKey("output_shape")) {
            return null;
        }
        long[] p = n.attrLongs("pads", new long[4]);
        if (!n.attrString("auto_pad", "NOTSET").equals("NOTSET") || p.length != 4 || p[0] != p[2] || p[1] != p[3]) {
            return null;
        }
        long[] ws = w.shape();
        int group = (int) n.attrLong("group", 1);
        long[] s = n.attrLongs("strides", new long[] {1, 1});
        long[] d = n.attrLongs("dilations", new long[] {1, 1});
        long[] op = n.attrLongs("output_padding", new long[2]);
        ConvSpec spec = new ConvSpec(new Int2((int) s[0], (int) s[1]), new Int2((int) p[0], (int) p[1]), new Int2((int) d[0], (int) d[1]),
                group);
        ConvTranspose2d c = new ConvTranspose2d((int) ws[0], (int) ws[1] * group, new Int2((int) ws[2], (int) ws[3]), spec,
                new Int2((int) op[0], (int) op[1]), b != null);
        set(c.weight(), w.floats(), ws);
        if (b != null) {
            set(c.bias(), b.floats(), ws[1] * group);
        }
        return c;
    }

    private static Module batchNorm(GraphNode n, Map<String, HostTensor> constants) {
        HostTensor[] p = new HostTensor[4];
        for (int i = 0; i < 4; i++) {
            p[i] = floatConstant(n, i + 1, constants);
            if (p[i] == null || p[i].shape().length != 1) {
                return null;
            }
        }
        if (n.outputs().size() > 1 || n.attrLong("training_mode", 0) != 0) {
            return null;
        }
        int c = (int) p[0].shape()[0];
        float momentum = n.attrFloat("momentum", 0.9f);
        BatchNorm2d bn = new BatchNorm2d(c, n.attrFloat("epsilon", 1e-5f), Math.max(0f, Math.min(1f, 1f - momentum)));
        set(bn.weight(), p[0].floats(), c);
        set(bn.bias(), p[1].floats(), c);
        set(bn.ownBuffers().get("running_mean"), p[2].floats(), c);
        set(bn.ownBuffers().get("running_var"), p[3].floats(), c);
        bn.eval();
        return bn;
    }

    private static Module gemm(GraphNode n, Map<String, HostTensor> constants) {
        HostTensor b = floatConstant(n, 1, constants);
        HostTensor c = floatConstant(n, 2, constants);
        if (b == null || b.shape().length != 2 || n.attrLong("transA", 0) != 0 || (n.hasInput(2) && c == null)) {
            return null;
        }
        boolean transB = n.attrLong("transB", 0) != 0;
        float alpha = n.attrFloat("alpha", 1f);
        float beta = n.attrFloat("beta", 1f);
        long[] bs = b.shape();
        int out = (int) (transB ? bs[0] : bs[1]);
        int in = (int) (transB ? bs[1] : bs[0]);
        float[] w = weightOutIn(b.floats(), bs, transB);
        for (int i = 0; i < w.length; i++) {
            w[i] *= alpha;
        }
        float[] bias = null;
        if (c != null) {
            float[] cv = c.floats();
            if (cv.length != 1 && cv.length != out) {
                return null;
            }
            bias = new float[out];
            for (int i = 0; i < out; i++) {
                bias[i] = beta * cv[cv.length == 1 ? 0 : i];
            }
        }
        Linear l = new Linear(in, out, bias != null);
        set(l.weight(), w, out, in);
        if (bias != null) {
            set(l.bias(), bias, out);
        }
        return l;
    }

    private static Module matMul(GraphNode n, Map<String, HostTensor> constants) {
        HostTensor b = floatConstant(n, 1, constants);
        if (b == null || b.shape().length != 2 || constants.containsKey(n.inputs().get(0))) {
            return null;
        }
        long[] bs = b.shape();
        Linear l = new Linear((int) bs[0], (int) bs[1], false);
        set(l.weight(), weightOutIn(b.floats(), bs, false), bs[1], bs[0]);
        return l;
    }

    /** A {@code out x in} weight from B ({@code out x in} when {@code transB}, else {@code in x out}). */
    private static float[] weightOutIn(float[] b, long[] bs, boolean transB) {
        if (transB) {
            return b.clone();
        }
        int in = (int) bs[0];
        int out = (int) bs[1];
        float[] w = new float[b.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                w[o * in + i] = b[i * out + o];
            }
        }
        return w;
    }
}
