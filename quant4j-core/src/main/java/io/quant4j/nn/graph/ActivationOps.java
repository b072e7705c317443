package io.quant4j.nn.graph;

import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Activations, elementwise on dense tensors:
 * <pre>
 *   Relu(x)            = max(x, 0)
 *   LeakyRelu(x)       = x >= 0 ? x : alpha x                      alpha = 0.01
 *   PRelu(x, slope)    = x >= 0 ? x : slope x                      slope broadcast to x (numpy rules)
 *   Sigmoid(x)         = 1 / (1 + exp(-x))
 *   HardSigmoid(x)     = max(0, min(1, alpha x + beta))            alpha = 0.2, beta = 0.5
 *   HardSwish(x)       = x max(0, min(1, x / 6 + 1 / 2))
 *   Tanh(x), Erf(x)
 *   Gelu(x)            = x / 2 (1 + erf(x / sqrt 2))               approximate = "none" (opset 20)
 *                      = x / 2 (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))   approximate = "tanh"
 * </pre>
 */
final class ActivationOps {
    private ActivationOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("Relu", ElementwiseOps.unary(Tensor::relu, v -> Math.max(v, 0)));
        t.put("Sigmoid", ElementwiseOps.unary(Tensor::sigmoid, null));
        t.put("Tanh", ElementwiseOps.unary(Tensor::tanh, null));
        t.put("Erf", ElementwiseOps.unary(GraphTensorOps::erf, null));
        t.put("HardSwish", ElementwiseOps.unary(Tensor::hardswish, null));
        t.put("LeakyRelu", c -> OpCall.out(GraphTensorOps.leakyRelu(c.dense(0), c.node().attrFloat("alpha", 0.01f))));
        t.put("PRelu", ActivationOps::prelu);
        t.put("HardSigmoid", c -> {
            float alpha = c.node().attrFloat("alpha", 0.2f);
            float beta = c.node().attrFloat("beta", 0.5f);
            return OpCall.out(c.dense(0).mul(alpha).add(beta).clamp(0f, 1f));
        });
        t.put("Gelu", ActivationOps::gelu);
    }

    /** {@code relu(x) - slope * relu(-x)}. */
    private static List<Value> prelu(OpCall c) {
        Tensor x = c.dense(0);
        Tensor slope = c.dense(1);
        if (Broadcast.shape(x.shape(), slope.shape()) == null) {
            throw c.error("expected a slope that broadcasts to " + java.util.Arrays.toString(x.shape()) + ", found "
                    + java.util.Arrays.toString(slope.shape()), "Give the slope as [C, 1, 1] for per-channel slopes of N x C x H x W.");
        }
        return OpCall.out(x.relu().sub(slope.mul(x.neg().relu())));
    }

    private static List<Value> gelu(OpCall c) {
        if (c.opset() < 20) {
            throw c.error("expected Gelu in a graph of opset 20 or newer (it is defined from opset 20), found opset " + c.opset(),
                    "Declare opset 20 or write Gelu with Erf, Mul and Add.");
        }
        Tensor x = c.dense(0);
        String approximate = c.node().attrString("approximate", "none");
        Tensor inner;
        switch (approximate) {
            case "none" -> inner = GraphTensorOps.erf(x.mul((float) (1 / Math.sqrt(2))));
            case "tanh" -> inner = x.add(x.mul(x).mul(x).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI)).tanh();
            default -> throw c.error("expected approximate \"none\" or \"tanh\", found \"" + approximate + "\"", "Fix the attribute.");
        }
        return OpCall.out(x.mul(0.5f).mul(inner.add(1f)));
    }
}
