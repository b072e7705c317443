package io.quant4j.nn.graph;

import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Normalizations computed from tensor ops (so their inputs may be computed, and autograd sees
 * them):
 * <pre>
 *   LayerNormalization (opset 17), over axes [axis, rank):
 *     mean = E[x], var = E[(x - mean)^2], inv = 1 / sqrt(var + epsilon)
 *     Y = (x - mean) inv Scale + B;  optional outputs Mean and InvStdDev (reduced axes kept as 1)
 *   BatchNormalization, per channel c of N x C x ...:
 *     inference: Y = (x - mean_c) / sqrt(var_c + epsilon) scale_c + B_c
 *     training_mode = 1 (opset 14+): batch statistics (population variance) instead, and
 *     running_mean = mean momentum + batch_mean (1 - momentum), likewise running_var
 * </pre>
 * A BatchNormalization with constant parameters in inference mode is a layer instead
 * ({@link GraphLayers}).
 */
final class NormOps {
    private NormOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("LayerNormalization", NormOps::layerNorm);
        t.put("BatchNormalization", NormOps::batchNorm);
    }

    private static List<Value> layerNorm(OpCall c) {
        Tensor x = c.dense(0);
        int r = x.rank();
        int axis = Axes.of(c, c.node().attrLong("axis", -1), r);
        float eps = c.node().attrFloat("epsilon", 1e-5f);
        int[] axes = new int[r - axis];
        for (int i = axis; i < r; i++) {
            axes[i - axis] = i;
        }
        Tensor mean = x.mean(axes, true);
        Tensor d = x.sub(mean);
        Tensor var = d.mul(d).mean(axes, true);
        Tensor inv = GraphTensorOps.reciprocal(var.add(eps).sqrt());
        Tensor y = d.mul(inv).mul(c.dense(1));
        if (c.has(2)) {
            y = y.add(c.dense(2));
        }
        return List.of(new Value.Dense(y), new Value.Dense(mean), new Value.Dense(inv));
    }

    private static List<Value> batchNorm(OpCall c) {
        Tensor x = c.dense(0);
        if (x.rank() < 2) {
            throw c.error("expected an input of rank 2 or more (N x C x ...), found " + Arrays.toString(x.shape()), "Check the input.");
        }
        long[] channel = new long[x.rank()];
        Arrays.fill(channel, 1);
        channel[1] = x.dim(1);
        Tensor scale = c.dense(1).reshape(channel);
        Tensor bias = c.dense(2).reshape(channel);
        Tensor mean = c.dense(3);
        Tensor var = c.dense(4);
        float eps = c.node().attrFloat("epsilon", 1e-5f);
        boolean training = c.opset() >= 14 && c.node().attrLong("training_mode", 0) != 0;
        if (!training) {
            if (c.node().outputs().size() > 1 && c.opset() >= 9) {
                throw c.error("expected one output in inference mode, found " + c.node().outputs().size(),
                        "Set training_mode = 1 (opset 14+) for the running statistics outputs.");
            }
            Tensor y = x.sub(mean.reshape(channel)).div(var.reshape(channel).add(eps).sqrt()).mul(scale).add(bias);
            return OpCall.out(y);
        }
        List<Integer> reduced = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            if (i != 1) {
                reduced.add(i);
            }
        }
        int[] ax = reduced.stream().mapToInt(Integer::intValue).toArray();
        Tensor batchMean = x.mean(ax, true);
        Tensor d = x.sub(batchMean);
        Tensor batchVar = d.mul(d).mean(ax, true);
        Tensor y = d.div(batchVar.add(eps).sqrt()).mul(scale).add(bias);
        float momentum = c.node().attrFloat("momentum", 0.9f);
        Tensor runMean = mean.mul(momentum).add(batchMean.reshape(x.dim(1)).mul(1 - momentum));
        Tensor runVar = var.mul(momentum).add(batchVar.reshape(x.dim(1)).mul(1 - momentum));
        return List.of(new Value.Dense(y), new Value.Dense(runMean), new Value.Dense(runVar));
    }
}
