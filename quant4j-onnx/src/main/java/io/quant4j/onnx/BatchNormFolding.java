package io.quant4j.onnx;

import io.quant4j.tensor.OpType;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds an eval-mode {@code BatchNormalization} into the {@code Conv} that feeds it, exactly:
 *
 * <pre>
 *   g_k  = gamma_k / sqrt(var_k + eps)                      (per output channel k)
 *   W'_k = g_k W_k,   b'_k = g_k (b_k - mean_k) + beta_k
 * </pre>
 *
 * With a per-channel (axis 0) quantized weight the integers are kept and the scale absorbs
 * {@code g}: {@code q'_k = sign(g_k) q_k}, {@code amax'_k = |g_k| amax_k}, so that
 * {@code q'_k * amax'_k / 127 = g_k * (q_k * amax_k / 127)}: the dequantized folded weight is
 * exactly g times the dequantized weight, and the conv computes the same function.
 *
 * <p>Left as {@code BatchNormalization} (reported in the notes): a per-tensor weight quantizer
 * (one amax cannot absorb a per-channel g), a weight quantized by an activation-style quantizer,
 * a negative {@code g_k} in a channel holding the integer -128 (its negation 128 is not int8), an
 * unsigned weight quantizer with a negative {@code g_k}, a conv output read by another op, and
 * non-constant BN parameters.
 */
final class BatchNormFolding {
    private BatchNormFolding() {}

    /** Folds what can be folded; returns the number folded and appends a note for each BN left. */
    static int apply(IrGraph g, List<String> notes) {
        int folded = 0;
        for (IrNode bn : new ArrayList<>(g.nodes)) {
            if (!bn.is(OpType.BATCH_NORMALIZATION)) {
                continue;
            }
            IrNode conv = g.producer(bn.inputs.get(0));
            if (conv == null || !conv.is(OpType.CONV)) {
                continue;
            }
            String reason = tryFold(g, conv, bn);
            if (reason == null) {
                folded++;
            } else {
                notes.add("BatchNormalization at " + bn.where() + " not folded into " + conv.where() + ": " + reason);
            }
        }
        g.removeDead();
        return folded;
    }

    private static String tryFold(IrGraph g, IrNode conv, IrNode bn) {
        if (!g.singleUse(conv.output)) {
            return "the conv output is also read by another op";
        }
        float[] gamma = g.floatConstant(bn.inputs.get(1));
        float[] beta = g.floatConstant(bn.inputs.get(2));
        float[] mean = g.floatConstant(bn.inputs.get(3));
        float[] var = g.floatConstant(bn.inputs.get(4));
        if (gamma == null || beta == null || mean == null || var == null) {
            return "its parameters are not constants";
        }
        if (((Number) bn.attrs.getOrDefault("training_mode", 0L)).longValue() != 0) {
            return "it runs in training mode";
        }
        float eps = ((Number) bn.attrs.getOrDefault("epsilon", 1e-5f)).floatValue();
        int k = gamma.length;
        float[] factor = new float[k];
        for (int c = 0; c < k; c++) {
            factor[c] = (float) (gamma[c] / Math.sqrt((double) (var[c] + eps)));
        }
        float[] bias = new float[k];
        if (conv.inputs.size() > 2 && !conv.inputs.get(2).isEmpty()) {
            float[] b = g.floatConstant(conv.inputs.get(2));
            if (b == null) {
                return "the conv bias is not a constant";
            }
            bias = b.clone();
        }
        String w = conv.inputs.get(1);
        float[] wf = g.floatConstant(w);
        IrNode wq = g.producer(w);
        String newWeight;
        if (wf != null) {
            long[] dims = g.constants.get(w).dims();
            if (dims[0] != k) {
                return "the conv has " + dims[0] + " output channels, the BN " + k;
            }
            float[] scaled = scaleRows(wf, factor);
            newWeight = g.singleUse(w) ? replace(g, w, IrTensor.ofFloats(dims, scaled))
                    : g.addConstant(w + "_folded", IrTensor.ofFloats(dims, scaled), dims);
        } else if (wq != null && wq.is(OpType.QUANTIZED_WEIGHT) && g.singleUse(w)) {
            String why = foldQuantized(wq, factor);
            if (why != null) {
                return why;
            }
            newWeight = w;
        } else if (wq != null && (wq.is(OpType.QUANTIZE_DEQUANTIZE) || wq.is(OpType.QUANTIZED_WEIGHT))) {
            return "the weight quantizer's output is computed or shared; only a constant weight folds exactly";
        } else {
            return "the weight is not a constant";
        }
        float[] newBias = new float[k];
        for (int c = 0; c < k; c++) {
            newBias[c] = factor[c] * (bias[c] - mean[c]) + beta[c];
        }
        String biasHint = conv.modulePath.isEmpty() ? "bias" : conv.modulePath + ".bias";
        String b;
        if (conv.inputs.size() > 2 && g.singleUse(conv.inputs.get(2))) {
            b = replace(g, conv.inputs.get(2), IrTensor.ofFloats(new long[] {k}, newBias));
        } else {
            b = g.addConstant(biasHint, IrTensor.ofFloats(new long[] {k}, newBias), new long[] {k});
        }
        while (conv.inputs.size() < 3) {
            conv.inputs.add("");
        }
        conv.inputs.set(1, newWeight);
        conv.inputs.set(2, b);
        conv.output = bn.output;
        g.nodes.remove(bn);
        return null;
    }

    private static String foldQuantized(IrNode wq, float[] factor) {
        QuantizedWeight qw = wq.weight;
        QuantParams p = qw.params();
        long[] dims = qw.dims();
        if (!p.perChannel() || p.axis() != 0) {
            return "its weight quantizer is per-tensor (one amax cannot absorb a per-channel BN factor exactly); "
                    + "use a per-channel (axis 0) weight quantizer to fold";
        }
        int k = factor.length;
        if (dims[0] != k) {
            return "the conv has " + dims[0] + " output channels, the BN " + k;
        }
        int[] q = qw.q();
        int per = q.length / k;
        float[] amax = p.amax();
        float[] newAmax = new float[k];
        for (int c = 0; c < k; c++) {
            float f = factor[c];
            for (int i = c * per; i < (c + 1) * per; i++) {
                if (f < 0 && (p.unsigned() ? q[i] != 0 : q[i] == p.minBound())) {
                    return "channel " + c + " has a negative BN factor and an integer ("
                            + q[i] + ") whose negation is outside the grid";
                }
                q[i] = f == 0f ? 0 : (f < 0 ? -q[i] : q[i]);
            }
            newAmax[c] = f == 0f ? 0f : amax[c] * Math.abs(f);
        }
        QuantParams np = p.with(newAmax, p.axis());
        wq.weight = new QuantizedWeight(qw.source(), dims, q, np);
        wq.quant = np;
        return null;
    }

    private static float[] scaleRows(float[] w, float[] factor) {
        int per = w.length / factor.length;
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] * factor[i / per];
        }
        return out;
    }

    private static String replace(IrGraph g, String name, IrTensor t) {
        g.constants.put(name, t);
        return name;
    }
}
